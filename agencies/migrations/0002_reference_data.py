"""The 33 regencies and cities of Sumatera Utara, the sectors, and the secretariat group.

Admin-editable afterwards; this migration only creates rows that are missing.
"""

from decimal import Decimal

from django.db import migrations

# code, official name, seat, latitude, longitude, alternative spellings
REGENCIES = [
    ("12.01", "Kabupaten Tapanuli Tengah", "Pandan", "1.6825", "98.8328", ["Tapteng"]),
    ("12.02", "Kabupaten Tapanuli Utara", "Tarutung", "2.0210", "98.9647", ["Taput"]),
    ("12.03", "Kabupaten Tapanuli Selatan", "Sipirok", "1.6013", "99.2735", ["Tapsel"]),
    ("12.04", "Kabupaten Nias", "Gido", "1.0333", "97.7667", []),
    ("12.05", "Kabupaten Langkat", "Stabat", "3.7627", "98.4498", []),
    ("12.06", "Kabupaten Karo", "Kabanjahe", "3.1047", "98.4980", ["Tanah Karo"]),
    ("12.07", "Kabupaten Deli Serdang", "Lubuk Pakam", "3.5582", "98.8802", ["Deliserdang"]),
    ("12.08", "Kabupaten Simalungun", "Pematang Raya", "2.9000", "99.0000", []),
    ("12.09", "Kabupaten Asahan", "Kisaran", "2.9787", "99.6298", []),
    ("12.10", "Kabupaten Labuhanbatu", "Rantau Prapat", "2.0947", "99.8340",
     ["Labuhan Batu"]),
    ("12.11", "Kabupaten Dairi", "Sidikalang", "2.7472", "98.3143", []),
    ("12.12", "Kabupaten Toba", "Balige", "2.3317", "99.0513", ["Toba Samosir", "Tobasa"]),
    ("12.13", "Kabupaten Mandailing Natal", "Panyabungan", "0.8608", "99.5628", ["Madina"]),
    ("12.14", "Kabupaten Nias Selatan", "Teluk Dalam", "0.5687", "97.8200", ["Nisel"]),
    ("12.15", "Kabupaten Pakpak Bharat", "Salak", "2.5417", "98.3238", ["Pakpak Barat"]),
    ("12.16", "Kabupaten Humbang Hasundutan", "Dolok Sanggul", "2.2612", "98.7475",
     ["Humbahas"]),
    ("12.17", "Kabupaten Samosir", "Pangururan", "2.6067", "98.6953", []),
    ("12.18", "Kabupaten Serdang Bedagai", "Sei Rampah", "3.5057", "99.1122", ["Sergai"]),
    ("12.19", "Kabupaten Batu Bara", "Limapuluh", "3.1687", "99.4175", ["Batubara"]),
    ("12.20", "Kabupaten Padang Lawas Utara", "Gunung Tua", "1.5073", "99.6245", ["Paluta"]),
    ("12.21", "Kabupaten Padang Lawas", "Sibuhuan", "1.0540", "99.7325", ["Palas"]),
    ("12.22", "Kabupaten Labuhanbatu Selatan", "Kota Pinang", "1.8953", "100.0837",
     ["Labuhan Batu Selatan", "Labusel"]),
    ("12.23", "Kabupaten Labuhanbatu Utara", "Aek Kanopan", "2.5687", "99.6427",
     ["Labuhan Batu Utara", "Labura"]),
    ("12.24", "Kabupaten Nias Utara", "Lotu", "1.3972", "97.3547", ["Nisut"]),
    ("12.25", "Kabupaten Nias Barat", "Lahomi", "0.9993", "97.4948", ["Nisbar"]),
    ("12.71", "Kota Medan", "Medan", "3.5752", "98.6873", []),
    ("12.72", "Kota Pematangsiantar", "Pematangsiantar", "2.9540", "99.0573",
     ["Pematang Siantar", "Siantar"]),
    ("12.73", "Kota Sibolga", "Sibolga", "1.7380", "98.7785", []),
    ("12.74", "Kota Tanjungbalai", "Tanjungbalai", "2.9652", "99.8005", ["Tanjung Balai"]),
    ("12.75", "Kota Binjai", "Binjai", "3.6080", "98.4973", []),
    ("12.76", "Kota Tebing Tinggi", "Tebing Tinggi", "3.3295", "99.1600", ["Tebingtinggi"]),
    ("12.77", "Kota Padangsidimpuan", "Padangsidimpuan", "1.3737", "99.2705",
     ["Padang Sidempuan", "Padang Sidimpuan", "Psp"]),
    ("12.78", "Kota Gunungsitoli", "Gunungsitoli", "1.2937", "97.6097", ["Gunung Sitoli"]),
]

# slug, Indonesian name, English name
SECTORS = [
    ("perindustrian", "Perindustrian", "Industry"),
    ("perdagangan", "Perdagangan", "Trade"),
    ("tenaga-kerja", "Tenaga Kerja", "Labour and vocational training"),
    ("penanaman-modal", "Penanaman Modal", "Investment"),
    ("koperasi-ukm", "Koperasi dan UKM", "Cooperatives and small business"),
    ("pertanian-perkebunan", "Pertanian dan Perkebunan", "Agriculture and estates"),
    ("perikanan", "Perikanan", "Fisheries"),
    ("energi-sdm", "Energi dan Sumber Daya Mineral", "Energy and mineral resources"),
    ("pariwisata-ekraf", "Pariwisata dan Ekonomi Kreatif", "Tourism and creative economy"),
    ("kominfo", "Komunikasi dan Informatika", "Communication and digital"),
    ("pendidikan-riset", "Pendidikan dan Riset", "Education and research"),
    ("lingkungan-hidup", "Lingkungan Hidup", "Environment"),
    ("perhubungan-logistik", "Perhubungan dan Logistik", "Transport and logistics"),
]


def load(apps, schema_editor):
    Regency = apps.get_model("agencies", "Regency")
    Sector = apps.get_model("agencies", "Sector")
    Group = apps.get_model("auth", "Group")
    for code, name, seat, lat, lon, alternatives in REGENCIES:
        Regency.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "kota" if name.startswith("Kota ") else "kabupaten",
                "seat": seat,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "alternative_names": alternatives,
            },
        )
    for slug, name, name_en in SECTORS:
        Sector.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en})
    Group.objects.get_or_create(name="sekretariat")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
