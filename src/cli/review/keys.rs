//! Where the reviewer's answers come from: the keyboard, one key at a time,
//! or a script of answers, one per line.

use std::io::{self, BufRead};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use emle::diagnostic::Diagnostic;

use super::screen::Screen;

/// One answer about one diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Accept suggestion N (1-based).
    Accept(usize),
    /// Replace with this text; `None` when editing was cancelled.
    Edit(Option<String>),
    /// Keep the text as it is.
    Reject,
    /// Keep it and add the word to the project's words.
    AddWord,
    /// Decide later.
    Skip,
    /// Accept suggestion 1 here and wherever the same rule flags the same text.
    AcceptAll,
    /// Take back the last answer.
    Undo,
    /// Stop, saving what was decided.
    Quit,
}

/// A source of answers.
pub trait Keys {
    /// The answer about `d` (whose flagged text is `flagged`).
    fn answer(&mut self, screen: &mut Screen, d: &Diagnostic, flagged: &str) -> io::Result<Answer>;
}

/// Parses one line of an answers script.
pub fn parse(line: &str) -> Option<Answer> {
    let line = line.trim_end();
    if let Some(text) = line.strip_prefix("e ") {
        let text = text.trim();
        return Some(Answer::Edit((!text.is_empty()).then(|| text.to_string())));
    }
    Some(match line.trim_start() {
        "e" => Answer::Edit(None),
        "r" => Answer::Reject,
        "a" => Answer::AddWord,
        "s" => Answer::Skip,
        "A" => Answer::AcceptAll,
        "u" => Answer::Undo,
        "q" => Answer::Quit,
        n => match n.parse::<usize>() {
            Ok(n @ 1..=9) => Answer::Accept(n),
            _ => return None,
        },
    })
}

/// Answers read from lines of text (a file or a pipe); the end of the input quits.
pub struct Script<R> {
    reader: R,
    name: String,
    line: usize,
}

impl<R: BufRead> Script<R> {
    /// Reads answers from `reader`, named `name` in messages.
    pub fn new(reader: R, name: String) -> Script<R> {
        Script {
            reader,
            name,
            line: 0,
        }
    }
}

impl<R: BufRead> Keys for Script<R> {
    fn answer(
        &mut self,
        screen: &mut Screen,
        _d: &Diagnostic,
        _flagged: &str,
    ) -> io::Result<Answer> {
        loop {
            screen.prompt();
            let Some(line) = next_line(&mut self.reader)? else {
                screen.echo("(end of answers)");
                return Ok(Answer::Quit);
            };
            self.line += 1;
            if line.trim().is_empty() {
                screen.echo("");
                continue;
            }
            screen.echo(&line);
            match parse(&line) {
                Some(answer) => return Ok(answer),
                None => screen.note(&format!(
                    "{}:{}: unknown answer `{line}` (1-9, e TEXT, r, a, s, A, u or q)",
                    self.name, self.line
                )),
            }
        }
    }
}

/// One line of a script, without its line end; `None` at the end.
fn next_line(reader: &mut dyn BufRead) -> io::Result<Option<String>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_string()))
}

/// Raw mode while it lives: keys arrive one by one, unechoed. Dropping it
/// (on every path out, panics included) gives the terminal back as it was.
struct RawMode;

impl RawMode {
    fn enter() -> io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Answers typed on the keyboard, one key each.
pub struct Terminal;

impl Terminal {
    /// Reads keys from the terminal.
    pub fn new() -> Terminal {
        Terminal
    }
}

/// The next key pressed (releases and repeats of other platforms ignored).
fn next_key() -> io::Result<KeyEvent> {
    loop {
        if let Event::Key(key) = event::read()?
            && key.kind != KeyEventKind::Release
        {
            return Ok(key);
        }
    }
}

fn is_interrupt(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('c' | 'd'))
}

impl Keys for Terminal {
    fn answer(&mut self, screen: &mut Screen, d: &Diagnostic, flagged: &str) -> io::Result<Answer> {
        screen.keys_help(d, flagged);
        screen.prompt();
        let answer = {
            let _raw = RawMode::enter()?;
            loop {
                let key = next_key()?;
                if is_interrupt(&key) {
                    break Answer::Quit;
                }
                let KeyCode::Char(c) = key.code else {
                    continue;
                };
                if c == 'e' {
                    screen.echo_raw("e");
                    break Answer::Edit(edit_line(screen, flagged)?);
                }
                if let Some(answer) = parse(&c.to_string()) {
                    screen.echo_raw(&c.to_string());
                    break answer;
                }
            }
        };
        screen.echo("");
        Ok(answer)
    }
}

/// A one-line editor in raw mode, starting from `initial`: typing appends,
/// Backspace deletes, Enter accepts, Esc or Ctrl-C cancels.
fn edit_line(screen: &mut Screen, initial: &str) -> io::Result<Option<String>> {
    let mut text = initial.to_string();
    screen.edit_field(&text);
    loop {
        let key = next_key()?;
        if is_interrupt(&key) {
            return Ok(None);
        }
        match key.code {
            KeyCode::Enter => {
                let text = text.trim().to_string();
                return Ok((!text.is_empty()).then_some(text));
            }
            KeyCode::Esc => return Ok(None),
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => text.clear(),
            KeyCode::Char(c) => text.push(c),
            _ => continue,
        }
        screen.edit_field(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_script_answers() {
        assert_eq!(parse("1"), Some(Answer::Accept(1)));
        assert_eq!(parse("9"), Some(Answer::Accept(9)));
        assert_eq!(parse("0"), None);
        assert_eq!(parse("e Кеңес"), Some(Answer::Edit(Some("Кеңес".into()))));
        assert_eq!(parse("e"), Some(Answer::Edit(None)));
        assert_eq!(parse("A"), Some(Answer::AcceptAll));
        assert_eq!(parse("a"), Some(Answer::AddWord));
        assert_eq!(parse("x"), None);
    }
}
