"""Evaluation harness: a gold set for the review, public benchmarks, pure metrics, reports, a CI gate.

`python -m eval --help` lists the commands. Nothing heavy happens at import time.
"""
