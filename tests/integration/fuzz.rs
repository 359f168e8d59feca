//! Replays every input that fuzzing found (`tests/data/fuzz/<target>/`: crashes, hangs, broken
//! invariants, each kept after its fix) through the same code as the fuzz targets (`tests/fuzz`).

use std::path::Path;

#[path = "../fuzz/src/lib.rs"]
mod harness;

#[test]
fn inputs_found_by_fuzzing_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut replayed = 0;
    for (target, run) in harness::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("{target} fails again on {}", path.display());
            }
            replayed += 1;
        }
    }
    eprintln!("{replayed} inputs found by fuzzing replayed");
}
