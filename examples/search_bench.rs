//! Times candidate search: reads one word per line from the file given as the
//! first argument (or standard input), searches each distinct word once and
//! prints the time taken; with `--show`, also each word's candidates.

use std::collections::BTreeSet;
use std::io::Read;
use std::time::Instant;

use emle::errormodel::ConfusionTable;
use emle::lexicon::Lexicon;
use emle::lexicon::search::SearchOptions;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--show");
    let mut text = String::new();
    match args.iter().find(|a| !a.starts_with("--")) {
        Some(p) => text = std::fs::read_to_string(p)?,
        None => {
            std::io::stdin().read_to_string(&mut text)?;
        }
    }
    let words: BTreeSet<String> = text
        .split_whitespace()
        .map(|w| w.chars().flat_map(char::to_lowercase).collect())
        .collect();
    let lex = Lexicon::embedded();
    let table = ConfusionTable::embedded();
    let mut opts = SearchOptions::default();
    for a in &args {
        if let Some(v) = a.strip_prefix("--generic=") {
            opts.max_generic = v.parse().unwrap_or(opts.max_generic);
        }
        if let Some(v) = a.strip_prefix("--pops=") {
            opts.max_pops = v.parse().unwrap_or(opts.max_pops);
        }
        if let Some(v) = a.strip_prefix("--gcost=") {
            opts.generic_cost = v.parse().unwrap_or(opts.generic_cost);
        }
        if let Some(v) = a.strip_prefix("--visits=") {
            opts.visits_per_state = v.parse().unwrap_or(opts.visits_per_state);
        }
        if let Some(v) = a.strip_prefix("--window=") {
            opts.window = v.parse().unwrap_or(opts.window);
        }
        if let Some(v) = a.strip_prefix("--maxcost=") {
            opts.max_cost = v.parse().unwrap_or(opts.max_cost);
        }
    }
    lex.accepts("сөз");
    let start = Instant::now();
    let mut found = 0usize;
    let mut lines = Vec::new();
    for w in &words {
        let chars: Vec<char> = w.chars().collect();
        let hits = lex.search(&chars, table, &opts);
        found += usize::from(!hits.is_empty());
        if show {
            let list: Vec<String> = hits
                .iter()
                .map(|h| {
                    format!(
                        "{} {:.2}/{} {}",
                        h.word,
                        h.cost,
                        h.source,
                        h.generic_edits()
                    )
                })
                .collect();
            lines.push(format!("{w}\t{}", list.join(" | ")));
        }
    }
    let took = start.elapsed();
    for l in lines {
        println!("{l}");
    }
    eprintln!(
        "{} distinct words, {} with candidates, {:.3} s ({:.1} µs per word)",
        words.len(),
        found,
        took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / words.len().max(1) as f64
    );
    Ok(())
}
