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
    /// voorbeeld. Alleen bij compare mag ze meermaals (een bestand per oproep)
    #[arg(long, global = true, value_name = "BESTAND", action = clap::ArgAction::Append)]
    annex: Vec<PathBuf>,
    /// De oproep (projectperiode) van het bestand, als het bestand dat zelf niet zegt (bij
    /// compare: van elk bestand zonder oproepkolom)
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=9))]
    oproep: Option<u8>,
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

/// How many `--annex` options the command line has. clap keeps only those on one side of the
/// subcommand when both sides have some, so the parsed list alone can miss files.
fn annex_options_written() -> usize {
    std::env::args_os()
        .take_while(|a| a != "--")
        .filter(|a| a == "--annex" || a.to_string_lossy().starts_with("--annex="))
        .count()
}

/// The one annex of a command other than `compare`: more than one is refused in Dutch.
fn single_annex(cli: &Cli) -> Result<Option<PathBuf>, String> {
    let given = annex_options_written().max(cli.annex.len());
    match cli.annex.as_slice() {
        [] => Ok(None),
        [path] if given == 1 => Ok(Some(path.clone())),
        _ => Err(format!(
            "--annex mag maar één keer, behalve bij compare (die zet meerdere bestanden naast \
             elkaar); je gaf {given} bestanden."
        )),
    }
}

fn load(path: Option<&std::path::Path>, cli: &Cli) -> Result<Dataset, annex::LoadError> {
    let options = LoadOptions { call: cli.oproep };
    match path {
        Some(path) => annex::load_path(path, &options),
        None => annex::load_sample_with(&options),
    }
}

/// `compare`: every annex (or the sample without any) loaded, then the comparison.
fn compare(cli: &Cli, format: Format) -> Result<cli::Output, String> {
    let written = annex_options_written();
    if written > cli.annex.len() {
        return Err(format!(
            "Geef alle --annex-opties na compare (samenleven compare --annex A --annex B): er \
             werden er {written} gegeven, maar voor en na compare."
        ));
    }
    let datasets = if cli.annex.is_empty() {
        vec![load(None, cli).map_err(|e| e.to_string())?]
    } else {
        cli.annex
            .iter()
            .map(|p| load(Some(p), cli).map_err(|e| e.to_string()))
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
fn explore(cli: &Cli, annex: Option<PathBuf>) -> ExitCode {
    let options = LoadOptions { call: cli.oproep };
    let (label, loader): (String, samenleven::tui::Loader) = match annex {
        Some(path) => (
            path.display().to_string(),
            Box::new(move |progress: &dyn Fn(f32)| {
                annex::load_path_with_progress(&path, &options, progress)
            }),
        ),
        None => (
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
    if let Some(Command::Compare { format }) = cli.command {
        return respond(compare(&cli, format), false);
    }
    let annex = match single_annex(&cli) {
        Ok(annex) => annex,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if cli.command.is_none() && std::io::stdout().is_terminal() {
        return explore(&cli, annex);
    }
    if matches!(cli.command, Some(Command::Export { .. })) {
        // A stop signal removes the temporary file of a workbook being written, and ends the
        // export as the signal would (exit code 128 + its number).
        if let Err(e) = samenleven::shutdown::install_watchdog(std::time::Duration::ZERO) {
            eprintln!("Kan de stopsignalen niet opvangen: {e}");
            return ExitCode::from(2);
        }
    }
    let dataset = match load(annex.as_deref(), &cli) {
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
