//! Replays every input that fuzzing found (`tests/data/fuzz/<target>/`: crashes, hangs, broken
//! invariants, each kept after its fix) through the same code as the fuzz targets (`tests/fuzz`).

use std::path::Path;

#[path = "../fuzz/src/lib.rs"]
mod harness;

#[test]
fn inputs_found_by_fuzzing_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut replayed = 0;
    let mut found = 0;
    for (target, run) in harness::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else { continue };
        found += std::fs::read_dir(root.join(target)).unwrap().count();
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("{target} fails again on {}", path.display());
            }
            replayed += 1;
        }
    }
    // Every file of every target's folder went through its target: none was skipped by a folder name
    // that no target has, and there are some.
    let all = std::fs::read_dir(&root)
        .unwrap()
        .map(|d| std::fs::read_dir(d.unwrap().path()).unwrap().count())
        .sum::<usize>();
    assert_eq!((replayed, found), (all, all), "inputs in folders without a target");
    assert!(replayed >= 3, "only {replayed} inputs replayed");
}
