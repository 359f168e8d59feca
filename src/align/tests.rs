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
        .map(|b| {
            format!("{:?}:{:?}", b.source.clone().collect::<Vec<_>>(), b.target.clone().collect::<Vec<_>>())
        })
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
         This remark, which the Spanish editor judged of no interest to readers in Latin America, was left out of the translation entirely.\n\
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
    // Without anchors, lengths alone get it wrong: the anchors are what pulls the path back.
    let without = align(&from_lines(en), &from_lines(es), &Params { anchors: false, ..Params::default() });
    assert_ne!(without.beads[0].target, 0..0, "{without:?}");
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
fn band_widens_for_a_long_gap() {
    // 400 sentences a side, of which the Spanish edition drops a block of 60, wider than the initial
    // band: the search must widen the band and still find every pair.
    let mut en = String::new();
    let mut es = String::new();
    for k in 0..400 {
        en.push_str(&format!("Sentence number {k} tells about item {} and more.\n", k * 7 + 1000));
        if !(150..210).contains(&k) {
            es.push_str(&format!("La frase número {k} habla del elemento {} y más.\n", k * 7 + 1000));
        }
    }
    let (en, es) = (from_lines(&en), from_lines(&es));
    let alignment = align(&en, &es, &Params::default());
    let (mut i, mut j) = (0, 0);
    for b in &alignment.beads {
        assert_eq!((b.source.start, b.target.start), (i, j), "beads are contiguous and in order");
        (i, j) = (b.source.end, b.target.end);
    }
    assert_eq!((i, j), (en.len(), es.len()), "beads cover both sides");
    let dropped: Vec<usize> =
        alignment.beads.iter().filter(|b| b.target.is_empty()).map(|b| b.source.start).collect();
    assert_eq!(dropped, (150..210).collect::<Vec<_>>());
}

#[test]
fn editions_of_very_different_lengths() {
    let one = "A single sentence about Peru and 1995.\n";
    let many: String = (0..300).map(|k| format!("Frase {k} sobre el Perú.\n")).collect();
    for (en, es) in [(one, many.as_str()), (many.as_str(), one)] {
        let (en, es) = (from_lines(en), from_lines(es));
        let alignment = align(&en, &es, &Params::default());
        let en_total: usize = alignment.beads.iter().map(|b| b.source.len()).sum();
        let es_total: usize = alignment.beads.iter().map(|b| b.target.len()).sum();
        assert_eq!((en_total, es_total), (en.len(), es.len()));
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn edition() -> impl Strategy<Value = String> {
        // Sentences of varied length with numbers and names, some paragraph breaks.
        proptest::collection::vec(("[A-Za-z]{1,12}( [a-z0-9]{1,9}){0,25}\\.", any::<bool>()), 0..60).prop_map(
            |v| {
                v.into_iter()
                    .map(|(s, para)| if para { format!("{s}\n\n") } else { format!("{s}\n") })
                    .collect()
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn beads_cover_every_sentence_once_in_order(en in edition(), es in edition(), band in 1usize..8) {
            let (en, es) = (from_lines(&en), from_lines(&es));
            let alignment = align(&en, &es, &Params { band, ..Params::default() });
            let (mut i, mut j) = (0, 0);
            for b in &alignment.beads {
                prop_assert_eq!((b.source.start, b.target.start), (i, j));
                prop_assert!(!b.source.is_empty() || !b.target.is_empty());
                prop_assert!((0.0..=1.0).contains(&b.score));
                (i, j) = (b.source.end, b.target.end);
            }
            prop_assert_eq!((i, j), (en.len(), es.len()));
        }
    }
}

#[test]
fn a_reordered_pair_becomes_two_to_two() {
    // The translator swapped two sentences: no monotone alignment pairs them one to one, so they must
    // end up together in a 2-2 bead (or apart as drops), never crossed with their neighbours.
    let en = "The meeting opened at nine in the morning.\n\
              Fujimori spoke first about the 1995 elections.\n\
              Montesinos answered the questions of the press in 1996.\n\
              The session closed before noon.\n";
    let es = "La reunión se abrió a las nueve de la mañana.\n\
              Montesinos respondió a las preguntas de la prensa en 1996.\n\
              Fujimori habló primero de las elecciones de 1995.\n\
              La sesión terminó antes del mediodía.\n";
    let got = beads(en, es);
    assert_eq!(got.first().map(String::as_str), Some("[0]:[0]"));
    assert_eq!(got.last().map(String::as_str), Some("[3]:[3]"));
    let middle = &got[1..got.len() - 1];
    assert!(middle == ["[1, 2]:[1, 2]"] || middle.iter().all(|b| b.contains("[]")), "{middle:?}");
}

#[test]
fn pairs_anchored_in_order_stay_one_to_one_whatever_their_lengths() {
    // A short sentence translated long and the next long one translated short: their summed lengths
    // match, so lengths alone favour a 2-2 bead. Each pair shares its own number and name and nothing
    // crosses, so the boundaries correspond.
    let en = "The meeting opened at nine in the morning.\n\
              Fujimori won in 1995.\n\
              Montesinos, who had been his adviser since the campaign, resigned in September 2000 amid the scandal.\n\
              The session closed before noon.\n";
    let es = "La reunión se abrió a las nueve de la mañana.\n\
              Fujimori ganó las elecciones presidenciales de 1995 por una amplia mayoría de votos.\n\
              Montesinos dimitió en septiembre de 2000.\n\
              La sesión terminó antes del mediodía.\n";
    assert_eq!(beads(en, es), ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]);
}

#[test]
fn an_inserted_caption_is_not_merged_into_a_translation() {
    // The Spanish edition inserts a photo credit after the second sentence, whose translation is a
    // little shorter than the English: by length the two together fit it slightly better. The credit's
    // own anchor (a year) is not in the English sentence, so the credit stands alone.
    let en = "The expedition left Kathmandu in March with eleven climbers and forty porters.\n\
              After six weeks on the mountain, Tenzing and Hillary reached the summit of Everest on the morning at dawn.\n\
              The news reached London on the day of the coronation.\n";
    let es = "La expedición salió de Katmandú en marzo con once escaladores y cuarenta porteadores.\n\
              Tras seis semanas en la montaña, Tenzing y Hillary alcanzaron la cumbre del Everest el 29 de mayo.\n\
              Fotografía: Royal Geographical Society, 1953.\n\
              La noticia llegó a Londres el día de la coronación.\n";
    assert_eq!(beads(en, es), ["[0]:[0]", "[1]:[1]", "[]:[2]", "[2]:[3]"]);
}

#[test]
fn a_title_that_the_first_sentence_repeats_is_not_merged_into_its_translation() {
    // The English abstract has a title, the Portuguese none, and its first sentence is translated a
    // little long, so that by length the title and the sentence together fit it about as well. The
    // title shares words with the Portuguese sentence, but the English sentence shares them too: the
    // title adds nothing that the sentence does not already match, and stands alone.
    let en = "Resilience and social support of the elderly in rural communities.\n\
              Resilience is the capacity to adapt to adverse situations; it is enhanced by protective factors, \
              of which social support is among the most important.\n\
              The objective of this study was to measure the social support of 120 elderly people living in \
              rural communities and its association with income and age.\n";
    let pt = "A resiliência é a capacidade de se adaptar às situações adversas e pode ser \
              potencializada por fatores de proteção, dos quais se destaca o suporte social.\n\
              Objetivou-se medir o suporte social de 120 idosos residentes em comunidades rurais e a sua \
              associação com a renda e a idade.\n";
    assert_eq!(beads(en, pt), ["[0]:[]", "[1]:[0]", "[2]:[1]"]);
}

#[test]
fn a_sentence_cut_after_a_title_joins_the_next() {
    // Another tool split the Spanish after "Sr.". By length the fragment fits the sentence before (a
    // little shorter than its English) as well as the one after; it belongs with the one that names him.
    let en = "The plane landed in Lima before dawn and the crew was questioned for many hours.\n\
              Mr. Firer said that the cargo was loaded in Colombia.\n";
    let es = "El avión aterrizó en Lima y la tripulación fue interrogada durante horas.\n\
              El Sr.\n\
              Firer dijo que la carga había sido embarcada en Colombia sin que él lo supiera.\n";
    assert_eq!(beads(en, es), ["[0]:[0]", "[1]:[1, 2]"]);
}

#[test]
fn a_dictionary_adds_anchors() {
    let lexicon = Lexicon::parse(
        "# tab or hunalign format\ngovernment\tgobierno\nimpuestos @ taxes\n",
        std::path::Path::new("d.txt"),
    )
    .unwrap();
    assert_eq!(lexicon.len(), 2);
    assert!(
        Lexicon::parse("no separator\n", std::path::Path::new("d.txt"))
            .unwrap_err()
            .to_string()
            .starts_with("d.txt:1:")
    );
    // One of two English sentences of equal length was dropped; only the dictionary tells which.
    let en = from_lines(
        "The weather stayed cold and wet all week.\nThe government spoke about taxes on Monday.\n",
    );
    let es = from_lines("El gobierno habló de impuestos el lunes.\n");
    let pairs = |params: &Params| -> Vec<(Vec<usize>, Vec<usize>)> {
        align(&en, &es, params)
            .beads
            .iter()
            .filter(|b| b.is_pair())
            .map(|b| (b.source.clone().collect(), b.target.clone().collect()))
            .collect()
    };
    let with = pairs(&Params { lexicon: Some(std::sync::Arc::new(lexicon)), ..Params::default() });
    assert_eq!(with, [(vec![1], vec![0])]);
    assert_ne!(pairs(&Params::default()), with, "without the dictionary the evidence is not there");
}

#[test]
fn the_length_ratio_is_refitted_on_the_beads_found() {
    // Twenty pairs, each with its own numbers, where the Spanish runs longer than the English, and three
    // long English sentences that the Spanish edition leaves out: they pull the totals' ratio down, not
    // that of the paired sentences.
    let (mut en, mut es) = (String::new(), String::new());
    let (mut en_paired, mut es_paired) = (0, 0);
    for k in 0..20 {
        let padding = "x".repeat(k * 5);
        let e = format!("In {} they paid {} pesos {padding}.", 1900 + k, 100 * k + 7);
        let s = format!("En {} se pagaron {} pesos en total {padding}{padding}.", 1900 + k, 100 * k + 7);
        (en_paired, es_paired) = (en_paired + e.len(), es_paired + s.len());
        en.push_str(&format!("{e}\n"));
        es.push_str(&format!("{s}\n"));
        if k % 8 == 3 {
            en.push_str(&format!("{}.\n", ["wxyz"; 40].join(" ")));
        }
    }
    let paired = es_paired as f64 / en_paired as f64;
    let (en, es) = (from_lines(&en), from_lines(&es));
    let mut evidence = evidence::Evidence::new(&en, &es, true, None);
    let first = dp::search(
        &evidence,
        &dp::Breaks::new(&en, &es, Params::default().languages),
        &dp::Window::whole(&evidence),
        24,
    );
    let total = evidence.ratio();
    let refitted = evidence.refit_ratio(&first.beads).expect("the ratio moved");
    assert!(total < refitted && refitted < paired, "{total} -> {refitted} ({paired})");
    // Refitting again on the same beads changes nothing worth a search.
    evidence.set_ratio(refitted);
    assert_eq!(evidence.refit_ratio(&first.beads), None);
}

#[test]
fn an_ambiguous_pair_keeps_the_ratio_of_its_totals() {
    // Identical sentences: every bead could shift, none is confident, so nothing refits the ratio
    // (refitting on two or three beads would pull it to 1, far from the 1.6 of the totals).
    let (en_text, es_text) = ("Word.\n".repeat(300), "Palabra.\n".repeat(300));
    let (en, es) = (from_lines(&en_text), from_lines(&es_text));
    let evidence = evidence::Evidence::new(&en, &es, true, None);
    let first = dp::search(
        &evidence,
        &dp::Breaks::new(&en, &es, Params::default().languages),
        &dp::Window::whole(&evidence),
        24,
    );
    assert_eq!(evidence.refit_ratio(&first.beads), None);
}

#[test]
fn sure_pairs_are_rare_shared_tokens_in_order() {
    let en = from_lines(
        "In 1994 the police seized 300 kilos.\nNobody spoke to Ichikawa.\nIn 1996 Fujimori spoke of 1777.\n\
         The 1998 report came out.\nIt said 1777 again.\n",
    );
    let es = from_lines(
        "En 1994 la policía incautó 300 kilos.\nEn 1996 Fujimori habló.\nEl informe de 1998 salió.\n\
         Nadie habló.\nRepitió 1777, dijo Ichikawa.\n",
    );
    let evidence = evidence::Evidence::new(&en, &es, true, None);
    // 1994 and 300 pair sentence 0 with 0, "Fujimori" and 1996 pair 2 with 1, 1998 pairs 3 with 2. 1777
    // is in two English sentences and one Spanish: it pairs nothing. "Ichikawa" pairs 1 with 4, out of
    // order with the others: a chance match, left out.
    assert_eq!(evidence.sure_pairs(), [(0, 0), (2, 1), (3, 2)]);
    // Without anchors, nothing guides the search.
    assert!(evidence::Evidence::new(&en, &es, false, None).sure_pairs().is_empty());
}

#[test]
fn a_list_of_four_lines_translated_as_one_sentence_is_one_bead() {
    // A list set as four lines of a paragraph in one edition and run into a sentence in the other:
    // without a 4-1 bead the model had to pair a line with the paragraph before, across its boundary.
    let got = beads(
        "The expedition left Kathmandu in March 1956 with twenty porters.\n\n\
         Members:\n\
         Ernst Schmied and Juerg Marmet,\n\
         Hans von Gunten and Adolf Reist,\n\
         with Fritz Luchsinger as the doctor.\n\n\
         They reached the summit on 23 May, after eleven days on the ridge.\n",
        "La expedición salió de Katmandú en marzo de 1956 con veinte porteadores.\n\n\
         Sus miembros eran Ernst Schmied, Juerg Marmet, Hans von Gunten, Adolf Reist y, como médico, Fritz Luchsinger.\n\n\
         Alcanzaron la cumbre el 23 de mayo, tras once días en la arista.\n",
    );
    assert_eq!(got, ["[0]:[0]", "[1, 2, 3, 4]:[1]", "[5]:[2]"]);
}

#[test]
fn two_sentences_recut_as_three_are_one_bead() {
    // The translator moved the boundaries: the middle Spanish sentence holds the end of the first English
    // sentence and the start of the second (1954 and 1955), so no 1-2 with a 1-1 pairs whole
    // translations.
    let got = beads(
        "The col below the summit was first reached from the south.\n\
         In 1953 the Swiss reached the col at 7,950 metres, and in 1954 the Argentine team reached it again before the weather turned.\n\
         A German-Swiss party came in 1955 and turned back at 7,200 metres; in 1956 the second Argentine expedition, led by Colonel Huerta, arrived.\n\
         Little has been heard of that expedition since.\n",
        "El collado bajo la cumbre se alcanzó primero desde el sur.\n\
         En 1953 los suizos llegaron al collado a 7.950 metros.\n\
         En 1954 el equipo argentino volvió a alcanzarlo antes de que cambiara el tiempo, y en 1955 llegó un grupo germano-suizo que se retiró a 7.200 metros.\n\
         En 1956 llegó la segunda expedición argentina, dirigida por el coronel Huerta.\n\
         Poco se ha sabido de esa expedición desde entonces.\n",
    );
    assert_eq!(got, ["[0]:[0]", "[1, 2]:[1, 2, 3]", "[3]:[4]"]);
}

#[test]
fn the_search_measures_the_anchor_support_that_the_pair_check_would_gather() {
    let en = from_lines(
        "The army paid $50,000 to Montesinos in 1995.\nFujimori denied it.\nIt was a bribe.\n\
         The U.S. sent 175 instructors.\nCongress asked for the accounts of 1996.\n",
    );
    let es = from_lines(
        "El ejército pagó 50.000 dólares a Montesinos en 1995.\nFujimori lo negó.\nEra un soborno.\n\
         EE.UU. envió 175 instructores.\nEl Congreso pidió las cuentas de 1996.\n",
    );
    let params = Params::default();
    let (alignment, support) = align_with_support(&en, &es, &params);
    assert_eq!(alignment, align(&en, &es, &params));
    let gathered = anchor_support(&en, &es, &alignment, &params);
    assert!(gathered.0 < 0.0, "{gathered:?}");
    assert_eq!(support, Some(gathered));
    // A second pass aligns with learned word pairs, which the check does not use: it gathers its own.
    let second = Params { second_pass: true, ..Params::default() };
    let without = Params { anchors: false, ..Params::default() };
    assert_eq!(align_with_support(&en, &es, &without).1, None);
    let (_, learned) = align_with_support(&en, &es, &second);
    assert!(
        learned.is_none() || learned == Some(anchor_support(&en, &es, &align(&en, &es, &second), &second))
    );
}
