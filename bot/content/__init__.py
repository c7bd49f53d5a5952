"""Reading the site's Markdown posts: layout rules, parsing, summaries, the loader."""
