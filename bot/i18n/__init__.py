"""Locales and languages: BCP 47 tags, negotiation, UI string catalogs, the Translator."""
