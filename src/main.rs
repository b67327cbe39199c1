//! The `samenleven` binary: command line and terminal setup only.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use samenleven::annex::{self, LoadOptions};
use samenleven::cli;
use samenleven::model::Dataset;

#[derive(Parser)]
#[command(
    name = "samenleven",
    version,
    about = "Verken de subsidies van het Vlaamse Plan Samenleven (Bijlage 1 bij schriftelijke vraag 492)",
    long_about = None,
)]
struct Cli {
    /// Het bijlagebestand (xlsx, xlsm, xls, ods of csv); zonder deze optie: het ingebouwde
    /// voorbeeld. Mag meermaals, een bestand per oproep (--annex oproep1.xlsx --annex
    /// oproep2.xlsx): de bestanden worden samen ingelezen als één geheel met meerdere oproepen
    #[arg(long, global = true, value_name = "BESTAND", action = clap::ArgAction::Append)]
    annex: Vec<PathBuf>,
    /// De oproep (projectperiode) van het bestand, als het bestand dat zelf niet zegt (bij
    /// meerdere bestanden: van elk bestand zonder oproepkolom)
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=9))]
    oproep: Option<u8>,
    /// Het ingebouwde voorbeeld met twee oproepen: oproep 1 en een synthetische oproep 2
    /// (VOORBEELD, verzonnen bedragen), om de oproepen te vergelijken
    #[arg(long, global = true)]
    vergelijk: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Toon de totalen per provincie, doelstelling en actie
    Summary {
        /// Uitvoerformaat
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Welke regels: all, action:N, objective:N of search:ZOEKTERM (een actie of doelstelling)
        #[arg(long, value_name = "SELECTIE", default_value = "all")]
        scope: String,
    },
    /// Controleer de cijfers (sommen, namen, provincies, dubbels, tellingen van het antwoord);
    /// afsluitcode 1 bij een fout
    Check {
        /// Uitvoerformaat
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Schrijf alle gegevens als Excel-werkmap (antwoord op vraag 492)
    Export {
        /// Het doelbestand (.xlsx; zonder die extensie wordt .xlsx toegevoegd)
        #[arg(long, value_name = "BESTAND.xlsx")]
        out: PathBuf,
        /// Overschrijf een bestaand doelbestand
        #[arg(long)]
        force: bool,
        /// Welk deel: all, province:NAAM, applicant:NAAM, action:N, objective:N of search:ZOEKTERM
        #[arg(long, value_name = "SELECTIE", default_value = "all")]
        scope: String,
    },
    /// Schrijf een ontwerpantwoord op vraag 492: elk cijfer uit de gegevens, met zijn bron
    Antwoord {
        /// Uitvoerformaat (zonder deze optie: volgens de extensie van --out, anders md)
        #[arg(long, value_enum)]
        format: Option<samenleven::draft::Format>,
        /// Het doelbestand; zonder deze optie naar het scherm (md en txt)
        #[arg(long, value_name = "BESTAND")]
        out: Option<PathBuf>,
        /// Overschrijf een bestaand doelbestand
        #[arg(long)]
        force: bool,
    },
    /// Zoek (hoofdletters, accenten en een tikfout tellen niet) in aanvragers, gemeenten (ook
    /// met hun Franse of Duitse naam), samenwerkingen, acties, doelstellingen, KPI's,
    /// toelichtingen, weigeringen, mentorschappen en de stimulans sociale impactobligatie
    Search {
        /// De zoekterm
        query: String,
        /// Hoeveel resultaten hoogstens
        #[arg(long, value_name = "N", default_value_t = samenleven::search::DEFAULT_LIMIT)]
        limit: usize,
        /// Uitvoerformaat
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Zet de oproepen (projectperiodes) naast elkaar: per oproep het totaal, en per provincie,
    /// doelstelling, actie en aanvrager het bedrag per oproep met het verschil in € en %
    Compare {
        /// Uitvoerformaat
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The `--annex` options of the command line, in order. clap keeps only those on one side of
/// the subcommand when both sides have some; then they are read from the arguments themselves.
fn annexes(cli: &Cli) -> Vec<PathBuf> {
    let raw: Vec<std::ffi::OsString> = std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .collect();
    let written = raw
        .iter()
        .filter(|a| *a == "--annex" || a.to_string_lossy().starts_with("--annex="))
        .count();
    if written <= cli.annex.len() {
        return cli.annex.clone();
    }
    let mut out = Vec::new();
    let mut it = raw.iter();
    while let Some(a) = it.next() {
        if a == "--annex" {
            if let Some(v) = it.next() {
                out.push(PathBuf::from(v));
            }
        } else if let Some(v) = a.to_str().and_then(|t| t.strip_prefix("--annex=")) {
            out.push(PathBuf::from(v));
        }
    }
    out
}

fn options(cli: &Cli) -> LoadOptions {
    LoadOptions { call: cli.oproep }
}

/// The data of a command: the files of `--annex` (several: one multi-call dataset), the sample
/// with both calls (`--vergelijk`) or the sample.
fn load(paths: &[PathBuf], cli: &Cli) -> Result<Dataset, annex::LoadError> {
    let options = options(cli);
    if cli.vergelijk {
        annex::load_sample_calls(&options)
    } else if paths.is_empty() {
        annex::load_sample_with(&options)
    } else {
        annex::load_paths(paths, &options, &|_| {})
    }
}

/// `compare`: every annex (or the sample without any) loaded, then the comparison.
fn compare(cli: &Cli, format: Format) -> Result<cli::Output, String> {
    let paths = annexes(cli);
    let datasets = if paths.is_empty() {
        vec![load(&paths, cli).map_err(|e| e.to_string())?]
    } else {
        paths
            .iter()
            .map(|p| load(std::slice::from_ref(p), cli).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?
    };
    cli::compare(&datasets, matches!(format, Format::Json))
}

/// Writes command output to stdout. A reader that went away (`| head`) ends the command
/// quietly; another write failure (a full disk) is a Dutch message and exit code 2. Never a
/// panic, which `print!` would give.
fn emit(text: &str) -> Result<(), ExitCode> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ExitCode::SUCCESS),
        Err(e) => {
            let reason = match e.kind() {
                std::io::ErrorKind::StorageFull => "de schijf is vol".to_string(),
                std::io::ErrorKind::PermissionDenied => "geen schrijfrechten".to_string(),
                _ => e.to_string(),
            };
            eprintln!("Fout bij het schrijven van de uitvoer: {reason}.");
            Err(ExitCode::from(2))
        }
    }
}

/// The explorer in a terminal: it starts at once and reads the annex on a worker thread behind
/// a progress screen. A load error is printed after the terminal is restored.
fn explore(cli: &Cli, paths: Vec<PathBuf>) -> ExitCode {
    let options = options(cli);
    let (label, loader): (String, samenleven::tui::Loader) = match paths.as_slice() {
        _ if cli.vergelijk => (
            "ingebouwd voorbeeld met twee oproepen".to_string(),
            Box::new(move |_: &dyn Fn(f32)| annex::load_sample_calls(&options)),
        ),
        [_, ..] => (
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            Box::new(move |progress: &dyn Fn(f32)| annex::load_paths(&paths, &options, progress)),
        ),
        [] => (
            "ingebouwd voorbeeld".to_string(),
            Box::new(move |_: &dyn Fn(f32)| annex::load_sample_with(&options)),
        ),
    };
    match samenleven::tui::run_loading(label, loader) {
        Ok(()) => ExitCode::SUCCESS,
        Err(samenleven::tui::RunError::Load(e)) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
        Err(samenleven::tui::RunError::Terminal(e)) => {
            eprintln!("Fout in de verkenner: {e:#}");
            ExitCode::from(2)
        }
        // Nothing to say: there is no terminal left to say it on.
        Err(samenleven::tui::RunError::Hangup) => ExitCode::from(129),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let paths = annexes(&cli);
    if cli.vergelijk && !paths.is_empty() {
        eprintln!(
            "--vergelijk laadt het ingebouwde voorbeeld met twee oproepen; geef het niet samen \
             met --annex (vergelijk eigen bestanden met --annex A --annex B)."
        );
        return ExitCode::from(2);
    }
    if let Some(Command::Compare { format }) = cli.command {
        return respond(compare(&cli, format), false);
    }
    if cli.command.is_none() && std::io::stdout().is_terminal() {
        return explore(&cli, paths);
    }
    if matches!(cli.command, Some(Command::Export { .. })) {
        // A stop signal removes the temporary file of a workbook being written, and ends the
        // export as the signal would (exit code 128 + its number).
        if let Err(e) = samenleven::shutdown::install_watchdog(std::time::Duration::ZERO) {
            eprintln!("Kan de stopsignalen niet opvangen: {e}");
            return ExitCode::from(2);
        }
    }
    let dataset = match load(&paths, &cli) {
        Ok(ds) => ds,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let json = |f: Format| matches!(f, Format::Json);
    // An export's file is written: a closed stdout does not make it fail.
    let written = matches!(cli.command, Some(Command::Export { .. }));
    let result = match cli.command {
        Some(Command::Summary { format, scope }) => cli::summary(&dataset, &scope, json(format)),
        Some(Command::Check { format }) => Ok(cli::check(&dataset, json(format))),
        Some(Command::Export { out, force, scope }) => cli::export(&dataset, &scope, &out, force),
        Some(Command::Antwoord { format, out, force }) => {
            cli::draft(&dataset, format, out.as_deref(), force)
        }
        Some(Command::Search {
            query,
            limit,
            format,
        }) => Ok(cli::search(&dataset, &query, limit, json(format))),
        Some(Command::Compare { format }) => compare(&cli, format),
        None => {
            return match samenleven::tui::run(dataset) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("Fout in de verkenner: {e:#}");
                    ExitCode::from(2)
                }
            }
        }
    };
    if written {
        // The export is on disk and the process ends after the message: the lines are freed
        // on a thread nobody waits for (a million grants take a while to free).
        let _ = std::thread::Builder::new().spawn(move || drop(dataset));
    }
    respond(result, written)
}

/// The output to stdout and its exit code, or the Dutch message to stderr and exit code 2.
/// `written`: the command wrote a file, so a closed stdout does not make it fail.
fn respond(result: Result<cli::Output, cli::Failure>, written: bool) -> ExitCode {
    match result {
        Ok(output) => match emit(&output.text) {
            Err(code) if !written => code,
            _ => ExitCode::from(output.code),
        },
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
