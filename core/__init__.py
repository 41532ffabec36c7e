"""Shared helpers that know no domain: every app may import them; they import no app."""
