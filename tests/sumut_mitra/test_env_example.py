import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_env_example_documents_every_setting_read_from_the_environment():
    settings_source = (BASE_DIR / "sumut_mitra" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list|path)\(\s*"([A-Z_]+)"', settings_source))
    seed_source = (
        BASE_DIR / "sumut_mitra" / "management" / "commands" / "seed_demo.py"
    ).read_text()
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"\)', seed_source))
    documented = set(re.findall(r"^([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.M))
    assert read - documented == set(), "document these in .env.example"
    assert documented - read == set(), ".env.example names settings nobody reads"
