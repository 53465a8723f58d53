//! Writes, for every aligned token pair of a pairs JSONL file whose OCR side
//! the lexicon does not accept, the ranking features of its best correction
//! as TSV (to choose the safe-fix margin):
//! `ocr clean best cost margin source confusions_only right rank_of_clean
//! plain_margin plain_cost safe`.

use emle::errormodel::ConfusionTable;
use emle::errormodel::corpus::read_pairs;
use emle::errormodel::rank::{RankOptions, rank, safe_margin_of};
use emle::lexicon::Lexicon;

fn strip(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric() && c != '!' && c != '|')
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: rank_calibrate PAIRS.jsonl")?;
    let text = std::fs::read_to_string(path)?;
    let lex = Lexicon::embedded();
    let table = ConfusionTable::embedded();
    let opts = RankOptions::default();
    let mut seen = std::collections::HashSet::new();
    for record in read_pairs(&text) {
        let (_, record) = record?;
        for (c, o) in &record.align {
            let (Some(c), Some(o)) = (c.as_deref(), o.as_deref()) else {
                continue;
            };
            let (c, o) = (strip(c), strip(o));
            if o.is_empty()
                || o.contains(['-', ' '])
                || lex.accepts(o)
                || !seen.insert((o.to_string(), c.to_string()))
            {
                continue;
            }
            if !o.chars().any(|ch| matches!(ch, '\u{0400}'..='\u{04ff}')) {
                continue;
            }
            let r = rank(lex, table, o, &opts);
            let Some(best) = r.first() else {
                println!("{o}\t{c}\t-\t-\t-\t-\t-\t{}", u8::from(o == c));
                continue;
            };
            let margin = r.get(1).map_or(99.0, |x| x.cost - best.cost);
            println!(
                "{o}\t{c}\t{}\t{:.3}\t{:.3}\t{}\t{}\t{}\t{}\t{:.3}\t{:.3}\t{}",
                best.word,
                best.cost,
                margin,
                best.source,
                u8::from(best.confusions_only),
                u8::from(best.word == c),
                r.iter().position(|x| x.word == c).map_or(-1, |p| p as i64),
                safe_margin_of(&r).min(99.0),
                best.plain_cost,
                u8::from(emle::errormodel::rank::is_safe(o, &r, &opts)),
            );
        }
    }
    Ok(())
}
