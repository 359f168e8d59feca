//! The dynamic program on small hand-made cases.

use super::*;
use crate::segment::from_lines;

fn beads(en: &str, es: &str) -> Vec<String> {
    let en = from_lines(en);
    let es = from_lines(es);
    let alignment = align(&en, &es, &Params::default());
    alignment
        .beads
        .iter()
        .map(|b| format!("{:?}:{:?}", b.en.clone().collect::<Vec<_>>(), b.es.clone().collect::<Vec<_>>()))
        .collect()
}

#[test]
fn one_to_one() {
    let got = beads(
        "The government sent troops to Peru in 1995.\nThe Congress did nothing about it.\n",
        "El gobierno envió tropas al Perú en 1995.\nEl Congreso no hizo nada al respecto.\n",
    );
    assert_eq!(got, ["[0]:[0]", "[1]:[1]"]);
}

#[test]
fn two_english_sentences_merged_in_spanish() {
    let got = beads(
        "Last year there was widespread exposure about cocaine in Los Angeles during the 1980s.\n\
         It fueled the so-called crack epidemic.\n\
         Now the same government claims to stop cocaine at its source.\n",
        "El año pasado se supo que entró cocaína en Los Ángeles en los años 80, lo que alimentó la llamada epidemia del crack.\n\
         Ahora el mismo gobierno dice que quiere detener la cocaína en su origen.\n",
    );
    assert_eq!(got, ["[0, 1]:[0]", "[2]:[1]"]);
}

#[test]
fn a_dropped_sentence_becomes_one_to_zero() {
    let got = beads(
        "In 1995 Captain Gilmar Rejas told the Congress about the traffickers.\n\
         This short aside was left out of the translation entirely by the editor.\n\
         In December 1995 Fujimori put the police in charge of operations.\n\
         On May 10, 1996, 160 kilos of cocaine were found in the plane.\n",
        "En 1995 el capitán Gilmar Rejas habló ante el Congreso de los narcotraficantes.\n\
         En diciembre de 1995 Fujimori puso a la policía a cargo de los operativos.\n\
         El 10 de mayo de 1996 se hallaron 160 kilos de cocaína en el avión.\n",
    );
    assert_eq!(got, ["[0]:[0]", "[1]:[]", "[2]:[1]", "[3]:[2]"]);
}

#[test]
fn number_anchor_pulls_the_path_back() {
    // One of two English sentences was dropped in translation. By length the first one matches the
    // Spanish sentence a little better; its numbers say it is the second.
    let en = "In May 1994, 300 kilos were found on a ship.\nIn July 1996, 120 kilos were seized at sea.\n";
    let es = "En julio de 1996 se incautaron 120 kilos en el mar.\n";
    assert_eq!(beads(en, es), ["[0]:[]", "[1]:[0]"]);
    let without = align(&from_lines(en), &from_lines(es), &Params { anchors: false, ..Params::default() });
    let first = &without.beads[0];
    assert_eq!((first.en.clone(), first.es.clone()), (0..1, 0..1), "lengths alone pick the first sentence");
}

#[test]
fn empty_sides() {
    assert!(beads("", "").is_empty());
    assert_eq!(beads("One.\nTwo.\n", ""), ["[0]:[]", "[1]:[]"]);
    assert_eq!(beads("", "Uno.\n"), ["[]:[0]"]);
}

#[test]
fn scores_are_probabilities_and_confident_on_clear_pairs() {
    let en = from_lines("The government sent troops to Peru in 1995.\nThe Congress did nothing.\n");
    let es = from_lines("El gobierno envió tropas al Perú en 1995.\nEl Congreso no hizo nada.\n");
    for bead in align(&en, &es, &Params::default()).beads {
        assert!((0.0..=1.0).contains(&bead.score));
        assert!(bead.score > 0.9, "{bead:?}");
    }
}

#[test]
fn long_texts_stay_in_a_narrow_band() {
    // 2,000 sentences a side with a few drops: the band must widen only where needed and the result
    // must cover every sentence once.
    let mut en = String::new();
    let mut es = String::new();
    for k in 0..2000 {
        en.push_str(&format!("Sentence number {k} tells about item {} and more.\n", k * 7));
        if k % 97 != 5 {
            es.push_str(&format!("La frase número {k} habla del elemento {} y más.\n", k * 7));
        }
    }
    let (en, es) = (from_lines(&en), from_lines(&es));
    let alignment = align(&en, &es, &Params::default());
    let mut i = 0;
    let mut j = 0;
    for b in &alignment.beads {
        assert_eq!(b.en.start, i);
        assert_eq!(b.es.start, j);
        i = b.en.end;
        j = b.es.end;
    }
    assert_eq!((i, j), (en.len(), es.len()));
    let dropped = alignment.beads.iter().filter(|b| b.es.is_empty()).count();
    assert_eq!(dropped, 21);
}
