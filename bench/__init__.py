"""Benchmarks: load, reload and reply latency at scale, side by side with the floors.

Run ``python -m bench.run --help``; see the README's Benchmarks section.
"""
