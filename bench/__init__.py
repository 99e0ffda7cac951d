"""The benchmark of the pipeline: ``python -m bench`` (``make bench``) from the repository root prints medians; ``--record`` writes them to ``bench/RESULTS.md``.

What it measures, each a median over ``--runs`` runs (after one warm-up run):

* each stage in this process on the sample: read, transforms, validate, each writer;
* a full build of the sample in every format (``pipeline build``, a whole process, default
  ``-j``) against ``weasyprint`` alone (a whole process too) on the HTML the PDF writer gives
  WeasyPrint (``pdf.print_document``): the ratio;
* corpus throughput (``/work/shared/corpus/*.txt`` when readable, else copies of the sample),
  every format, at ``-j1`` and ``-j2``, cold cache (``--force``);
* a no-op rebuild of the corpus against a cold one;
* peak memory: the largest of the processes of a run (the build and its workers), each its own
  high-water mark (``VmHWM``, sampled: see :func:`bench.run.run_process`).

And issue 19's (``bench/scale.py``): the peak of every process of a 50-document batch of
mixed languages and of a 207-page document (the sample 16×); each writer's CPU time at 1×,
4× and 16× the sample, per page; what a stylesheet edit rebuilds, counted by format; the
resident builder's rebuilds after an edit against cold processes.

Targets (issue 8): full build ≤ 1.3 × WeasyPrint alone; ``-j2`` ≥ 1.7 × ``-j1`` throughput;
no-op ≤ 5 % of cold; peak ≤ 400 MiB.  Speed is never asserted in a test: this reports.
"""
