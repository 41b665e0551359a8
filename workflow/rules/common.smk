# Resolve the configuration and the inputs once; every rule below uses what this file defines.
# The merged config (config/config.yaml + --configfile + --config) is validated here, at parse
# time, so a bad key stops the run before any job starts; the first job (validate_cases) then
# writes it, with every default filled in, to reports/config/config.yaml, and every stage reads
# that file.
import importlib
import json
import sys
import threading
from pathlib import Path

from osteostats import forkserver
from osteostats.config import published_folder, resolve, typed_command_line_values
from osteostats.errors import InputError
from osteostats.study import load_study

try:
    # nested --config values arrive as text: read them as the schema types them
    CFG = resolve(typed_command_line_values(dict(config)), "the workflow config (" + ", ".join(map(str, workflow.configfiles)) + " + --config)")
    STUDY = load_study(CFG["study"])
except InputError as exc:
    sys.stderr.write(f"osteostats workflow: error: {exc}\n")
    sys.exit(2)

# Snakemake imports pandas (to record each job's params) when the first job finishes, in the
# loop that starts the next jobs: about 0.4 s during which no job starts. Importing it here, in
# the background while validation runs, takes that off the run's critical path.
threading.Thread(target=importlib.import_module, args=("pandas",), daemon=True, name="import-pandas").start()

RESOLVED = "reports/config/config.yaml"
VALIDATED = "reports/cases"
PUBLISHED = published_folder(CFG)
PUBLISHED_FILES = (
    {f.split(".")[0]: str(Path(PUBLISHED) / f) for f in ("paper.yaml", "comparisons.csv", "values.csv")}
    if PUBLISHED
    else {}
)
# Reconstruction sensitivity: only for reconstructed case tables with a paper to rebuild them from.
SENSITIVITY = bool(PUBLISHED) and CFG["models"]["data_are_reconstructed"]
SEEDS = [CFG["models"]["first_seed"] + i for i in range(CFG["models"]["K"])]
# The seeds in batches of seeds_per_job, one job each: "seeds_1001-1005" -> [1001, ..., 1005].
_PER_JOB = CFG["models"]["seeds_per_job"]
SEED_BATCHES = {
    f"seeds_{b[0]}-{b[-1]}": b for b in (SEEDS[i:i + _PER_JOB] for i in range(0, len(SEEDS), _PER_JOB))
}


def seed_estimates(batches=SEED_BATCHES):
    """Every seed's estimates.csv, in its batch's folder."""
    return [
        f"reports/models/sensitivity/{name}/seed_{seed}/estimates.csv"
        for name, seeds in batches.items()
        for seed in seeds
    ]
# Small matrices: one BLAS thread per job is faster than oversubscribing the cores.
ONE_THREAD = "OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1"


def case_files(wildcards=None):
    """The case tables as they are in cases_dir (CSV or Parquet)."""
    folder = Path(CFG["cases_dir"])
    out = {}
    for name in ("patients", "vertebrae", "readings"):
        pq = folder / f"{name}.parquet"
        out[name] = str(pq if pq.exists() else folder / f"{name}.csv")
    return out


def validated_files():
    return {n: f"{VALIDATED}/{n}.parquet" for n in ("patients", "vertebrae", "readings")}


wildcard_constraints:
    seed=r"\d+",


def report_inputs(wildcards=None):
    """Everything the report reads: the comparison and the check only with a published folder,
    the sensitivity analysis only for reconstructed case tables."""
    out = {
        "tables": rules.tables.output,
        "diagnose": rules.diagnose.output,
        "models": rules.models.output,
        "config": RESOLVED,
        "study": CFG["study"],
    }
    if PUBLISHED:
        out["check"] = rules.check.output
    if SENSITIVITY:
        out["sensitivity"] = rules.models_sensitivity.output.summary
    return out


# One edition per language of report.languages: English at reports/report.{html,pdf}, every
# other language at reports/report.<lang>.{html,pdf}.
def edition(path, lang):
    stem, dot, suffix = path.rpartition(".")
    return path if lang == "en" else f"{stem}.{lang}{dot}{suffix}"


LANGUAGES = CFG["report"]["languages"]
# The CLI takes the English paths; editions in other languages are written beside them.
REPORT_HTML = "reports/report.html"
REPORT_PDF = "reports/report.pdf"


def cancel_scheduler_wakeups(log=None):
    """Snakemake's job-rate limiter (--max-jobs-per-timespan, default 100/1s) arms a one-second
    threading.Timer after each round of job selection, to wake the scheduler; the interpreter
    waits for the last one before it exits, about a second after the last job. Once the run has
    ended there is nothing left to wake, so those timers (and only those) are cancelled."""
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer) and "JobScheduler" in getattr(thread.function, "__qualname__", ""):
            thread.cancel()


# Local runs: one preloaded interpreter runs every job's osteostats command (osteostats/forkserver.py),
# so that the jobs do not each pay a second of imports. Started now, while Snakemake plans the
# run; stopped when the run ends, or at its start if the jobs run elsewhere (a cluster) or are
# only touched. (A dry run has no start or end: the server goes when Snakemake does.)
FORKSERVER = forkserver.start() if getattr(workflow, "is_main_process", True) else None


def stop_forkserver():
    if FORKSERVER is not None:
        FORKSERVER.stop()  # a second call (onstart, then onsuccess) does nothing more


onstart:
    if not getattr(workflow, "local_exec", True) or getattr(workflow, "touch", False):
        stop_forkserver()


onsuccess:
    cancel_scheduler_wakeups()
    stop_forkserver()


onerror:
    cancel_scheduler_wakeups()
    stop_forkserver()
