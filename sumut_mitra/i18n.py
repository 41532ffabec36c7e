"""Where translatable strings live, shared by `make messages` and the catalogue test."""

# Folders makemessages must not read: third-party code, runtime state, tests.
MAKEMESSAGES_IGNORE = ["node_modules/*", "var/*", ".venv/*", "tests/*", "deploy/*", "scripts/*"]
CATALOGUE_LANGUAGES = ["id"]
