"""Train, calibrate and evaluate the contradiction scorer; write it to the scorer folder."""

import json
import shutil
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from factcheck.lab.news_calibration import calibrate_news, checkpoint_aucs, write_news_model_card
from factcheck.lab.news_data import build_news_data, verdict_rows
from factcheck.lab.scorer_data import build_scorer_data, read_scorer_data, write_scorer_data
from factcheck.lab.training import NEWS_CAPS, NEWS_REPEATS, sample_training_rows, train_cross_encoder
from factcheck.services.matcher.scoring import RUNTIMES


class Command(BaseCommand):
    help = (
        "Build or read the scorer data, fine-tune the MiniLM cross-encoder, fit the calibration, "
        "evaluate on the dev sets and write the model folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument("--data", type=Path, default=Path("var/scorer_data"))
        parser.add_argument("--work", type=Path, default=Path("var/scorer_run"), help="Interim weights.")
        parser.add_argument("--out", type=Path, default=None, help="Default: FACTCHECK_SCORER_MODEL.")
        parser.add_argument("--stage", choices=["all", "train", "calibrate"], default="all")
        parser.add_argument("--scale", type=float, default=1.0, help="Multiply the per-source row caps.")
        parser.add_argument("--epochs", type=int, default=1)
        parser.add_argument("--lr", type=float, default=5e-5)
        parser.add_argument("--max-minutes", type=float, default=None, help="Stop training after this long.")
        parser.add_argument("--runtime", choices=RUNTIMES, default="onnx-int8", help="How the app runs the weights.")
        parser.add_argument(
            "--recipe",
            choices=["news", "general"],
            default="news",
            help="news: train on make_scorer_data --recipe news, calibrate in-domain (lab/news_calibration.py).",
        )
        parser.add_argument(
            "--init",
            type=Path,
            default=None,
            help="Continue these weights (default for the news recipe: the scorer folder); else the base MiniLM.",
        )
        parser.add_argument(
            "--verdicts",
            type=Path,
            default=None,
            help="An export_reviews CSV: editors' confirmed and dismissed pairs join the training rows.",
        )

    def handle(self, *args, seed, data, work, out, stage, scale, epochs, lr, runtime, max_minutes, **options):
        started = time.time()
        out = Path(out or settings.FACTCHECK_SCORER_MODEL)
        news = options["recipe"] == "news"
        init = options["init"] or (Path(settings.FACTCHECK_SCORER_MODEL) if news else None)
        if not (data / "train.jsonl").exists():
            try:
                build = build_news_data if news else build_scorer_data
                write_scorer_data(build(seed=seed, log=self.stderr.write), data)
            except FileNotFoundError as error:
                raise CommandError(str(error)) from None
        if stage in ("all", "train"):
            caps, repeats = (NEWS_CAPS, NEWS_REPEATS) if news else (None, None)
            rows = sample_training_rows(
                read_scorer_data(data, "train"), seed=seed, scale=scale, caps=caps, repeats=repeats
            )
            if options["verdicts"]:
                rows += verdict_rows(options["verdicts"])
            self.stderr.write(f"training on {len(rows)} rows from {init or 'the base MiniLM'}")

            def progress(step, total, loss):
                if step % 20 == 0 or step == total:
                    sys.stderr.write(f"\rtrain {step}/{total} loss {loss:.4f}")
                    sys.stderr.flush()

            info = train_cross_encoder(
                rows,
                out=work,
                seed=seed,
                epochs=epochs,
                lr=lr,
                log=self.stderr.write,
                progress=progress,
                max_minutes=max_minutes,
                init=init,
                checkpoint=checkpoint_aucs(data) if news else None,
            )
            sys.stderr.write("\n")
            (work / "training.json").write_text(json.dumps(info, indent=2))
            self.stderr.write(json.dumps(info))
        if stage in ("all", "calibrate"):
            from factcheck.lab.calibration import calibrate_and_report

            if not (work / "model.safetensors").exists():
                raise CommandError(f"No trained weights in {work}; run with --stage train first.")
            out.mkdir(parents=True, exist_ok=True)
            for name in ("model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json"):
                shutil.copy2(work / name, out / name)
            if news:
                report, reliability = calibrate_news(
                    model_dir=out, data=data, work=work, seed=seed, runtime=runtime, log=self.stderr.write
                )
                (Path(settings.BASE_DIR) / "docs" / "scorer-reliability.md").write_text(reliability)
                write_news_model_card(out, json.loads((out / "calibration.json").read_text()), report)
            else:
                report = calibrate_and_report(
                    model_dir=out, data=data, work=work, seed=seed, runtime=runtime, log=self.stderr.write
                )
            for line in report:
                self.stdout.write(line)
        self.stdout.write(f"train_scorer finished in {time.time() - started:.0f}s.")
