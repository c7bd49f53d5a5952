"""Slash command handlers, one cog per feature: thin, they convert input, call the service,
render and respond."""
