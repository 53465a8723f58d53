//! Prints the ranked candidates of each word given on the command line:
//! word, cost, cost without the damaged-word bonus, confusions only, source,
//! and the edits. With `UNLETTERED=1`, as in a document read without the
//! Kazakh letters.

use emle::errormodel::ConfusionTable;
use emle::errormodel::rank::{RankOptions, rank};
use emle::lexicon::Lexicon;

fn main() {
    // UNLETTERED=1 ranks as in a document read without the Kazakh letters.
    let opts = RankOptions {
        unlettered: std::env::var_os("UNLETTERED").is_some(),
        ..RankOptions::default()
    };
    for word in std::env::args().skip(1) {
        println!("{word}");
        for r in rank(
            Lexicon::embedded(),
            ConfusionTable::embedded(),
            &word,
            &opts,
        ) {
            let edits: Vec<String> = r
                .hit
                .edits
                .iter()
                .map(|e| format!("{}>{}", e.ocr, e.clean))
                .collect();
            println!(
                "  {}\t{:.2}\t{:.2}\t{}\t{}\t{}",
                r.word,
                r.cost,
                r.plain_cost,
                r.confusions_only,
                r.source,
                edits.join(" ")
            );
        }
    }
}
