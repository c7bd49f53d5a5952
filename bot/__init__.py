"""postbot: a Discord bot that serves summaries of localized blog posts."""

__version__ = "0.1.0"
