"""Small word lists for the scale data: names, places, titles and texts of North Sumatra.

Combined at random they give tens of thousands of distinct names and titles; the long texts are a
few dozen each and reused (their HTML is rendered once per text, not once per row).
"""

# fmt: off
FIRST_NAMES = [
    "Rizki", "Dewi", "Bambang", "Putri", "Agus", "Nurhayati", "Joko", "Rina", "Samuel", "Intan",
    "Ahmad", "Yohana", "Taufik", "Maya", "Fajar", "Lestari", "Hendra", "Grace", "Yusuf", "Siti",
    "Daniel", "Rudi", "Andi", "Marta", "Sri", "Budi", "Indah", "Fitri", "Rahmat", "Dian", "Wahyu",
    "Eko", "Yanti", "Ratna", "Ferdinan", "Kristina", "Josua", "Elisabet", "Hotma", "Tiurma",
    "Muhammad", "Nur", "Aulia", "Reza", "Anggi", "Irfan", "Fadli", "Ayu", "Novita", "Sarah",
    "Ruth", "Benny", "Togar", "Parlindungan", "Sahat", "Rosmawati", "Lamhot", "Dedi", "Hasan",
    "Syahrul", "Zulkifli", "Rahmawati", "Mega", "Citra", "Yosua", "Friska", "Melati", "Arif",
    "Imam", "Sofyan", "Nelly", "Rosa", "Debora", "Martin", "Roy", "Erwin", "Juliana", "Evi",
    "Riris", "Boru", "Liston", "Mangasi", "Tumpal", "Ucok", "Butet", "Tigor", "Horas", "Rasyid",
    "Fauzi", "Hidayat", "Wulan", "Ika", "Yudi", "Rini", "Dodi", "Lina", "Agustina", "Herman",
]

SURNAMES = [
    "Siregar", "Nasution", "Lubis", "Harahap", "Simanjuntak", "Sitompul", "Ginting", "Tarigan",
    "Sembiring", "Purba", "Saragih", "Damanik", "Sinaga", "Situmorang", "Manurung", "Pardede",
    "Hutagalung", "Tambunan", "Sihombing", "Panjaitan", "Simatupang", "Pane", "Rangkuti",
    "Batubara", "Daulay", "Hasibuan", "Pohan", "Marpaung", "Napitupulu", "Silalahi", "Gulo",
    "Zebua", "Telaumbanua", "Harefa", "Hutapea", "Sianturi", "Simbolon", "Pasaribu", "Butarbutar",
    "Girsang", "Sipayung", "Munthe", "Barus", "Karokaro", "Perangin-angin", "Matondang", "Ritonga",
    "Dalimunthe", "Wibowo", "Santoso", "Pratama", "Saputra", "Hidayat", "Kurniawan", "Setiawan",
    "Rahman", "Hakim", "Syahputra", "Gultom", "Aritonang", "Samosir", "Sagala", "Nainggolan",
]

ACADEMIC_TITLES = ["", "", "", "Dr. ", "Ir. ", "Drs. ", "Prof. Dr. "]
DEGREE_SUFFIXES = ["", "", ", S.T.", ", M.Si.", ", S.E.", ", M.T.", ", S.H.", ", M.M.", ", S.Kom."]

STREETS = [
    "Jl. Gatot Subroto", "Jl. Sisingamangaraja", "Jl. Diponegoro", "Jl. Imam Bonjol",
    "Jl. Sudirman", "Jl. Putri Hijau", "Jl. Pulau Batam", "Jl. Willem Iskandar", "Jl. Merdeka",
    "Jl. Balai Kota", "Jl. Pemuda", "Jl. Kapten Muslim", "Jl. Gaharu", "Jl. Setia Budi",
    "Jl. Pancing", "Jl. Jamin Ginting", "Jl. Asahan", "Jl. Lintas Sumatera", "Jl. Veteran",
    "Jl. Pahlawan", "Jl. Ahmad Yani", "Jl. Bhayangkara", "Jl. Kartini", "Jl. Cut Nyak Dhien",
]

# (short name, long name, acronym stem, sectors)
OPD_FIELDS = [
    ("perindag", "Perindustrian dan Perdagangan", "Disperindag", ["perindustrian", "perdagangan"]),
    ("naker", "Ketenagakerjaan", "Disnaker", ["tenaga-kerja"]),
    ("kukm", "Koperasi dan Usaha Kecil Menengah", "Diskop UKM", ["koperasi-ukm"]),
    ("pmptsp", "Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", ["penanaman-modal"]),
    ("tan", "Pertanian dan Perkebunan", "Distanbun", ["pertanian-perkebunan"]),
    ("kp", "Kelautan dan Perikanan", "DKP", ["perikanan"]),
    ("par", "Pariwisata dan Ekonomi Kreatif", "Disparekraf", ["pariwisata-ekraf"]),
    ("kominfo", "Komunikasi dan Informatika", "Diskominfo", ["kominfo"]),
    ("lh", "Lingkungan Hidup", "DLH", ["lingkungan-hidup"]),
    ("hub", "Perhubungan", "Dishub", ["perhubungan-logistik"]),
    ("dik", "Pendidikan", "Disdik", ["pendidikan-riset"]),
    ("esdm", "Energi dan Sumber Daya Mineral", "Dinas ESDM", ["energi-sdm"]),
    ("pupr", "Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", ["perhubungan-logistik"]),
    ("pmd", "Pemberdayaan Masyarakat dan Desa", "Dinas PMD", ["koperasi-ukm"]),
    ("pangan", "Ketahanan Pangan", "Dinas Pangan", ["pertanian-perkebunan"]),
    ("pora", "Pemuda dan Olahraga", "Dispora", ["pendidikan-riset"]),
    ("sos", "Sosial", "Dinsos", ["tenaga-kerja"]),
    ("perkim", "Perumahan dan Kawasan Permukiman", "Disperkim", ["lingkungan-hidup"]),
    ("pusip", "Perpustakaan dan Kearsipan", "Dispusip", ["pendidikan-riset"]),
    ("bud", "Kebudayaan", "Disbud", ["pariwisata-ekraf"]),
]
UPTD_UNITS = [
    ("UPTD Pasar", ["perdagangan"]), ("UPTD Balai Benih Ikan", ["perikanan"]),
    ("UPTD Laboratorium Lingkungan", ["lingkungan-hidup"]),
    ("UPTD Pengujian Kendaraan Bermotor", ["perhubungan-logistik"]),
    ("UPTD Metrologi Legal", ["perdagangan"]), ("UPTD Taman Budaya", ["pariwisata-ekraf"]),
    ("UPTD Pusat Promosi UMKM", ["koperasi-ukm"]),
    ("UPTD Balai Benih Induk Hortikultura", ["pertanian-perkebunan"]),
    ("UPTD Perlindungan Tanaman Pangan", ["pertanian-perkebunan"]),
    ("UPTD Rumah Kemasan", ["koperasi-ukm", "perindustrian"]),
    ("UPTD Balai Pelatihan Koperasi", ["koperasi-ukm"]),
    ("UPTD Laboratorium Pengujian Mutu Barang", ["perindustrian"]),
    ("UPTD Pengelolaan Kawasan Industri", ["perindustrian", "penanaman-modal"]),
    ("UPTD Pelabuhan Perikanan", ["perikanan"]), ("UPTD Pengelolaan Sampah", ["lingkungan-hidup"]),
    ("UPTD Pusat Layanan Usaha Terpadu", ["koperasi-ukm"]),
]
OPD_BODIES = [
    ("Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "Bappelitbangda",
     ["pendidikan-riset"]),
    ("Bagian Perekonomian Sekretariat Daerah", "Bag. Perekonomian", ["perdagangan"]),
    ("UPTD Balai Latihan Kerja", "UPTD BLK", ["tenaga-kerja"]),
]
VERTICAL_BODIES = [
    ("Balai Besar Pelatihan Vokasi dan Produktivitas", "BBPVP", ["tenaga-kerja"]),
    ("Balai Standardisasi dan Pelayanan Jasa Industri", "Baristand", ["perindustrian"]),
    ("Badan Pusat Statistik", "BPS", ["pendidikan-riset"]),
    ("Kantor Pelayanan Pajak Pratama", "KPP Pratama", ["penanaman-modal"]),
    ("Balai Pengawas Obat dan Makanan", "BPOM", ["perdagangan"]),
    ("Balai Pelatihan Pertanian", "Bapeltan", ["pertanian-perkebunan"]),
    ("Kantor Wilayah Direktorat Jenderal Perbendaharaan", "Kanwil DJPb", ["penanaman-modal"]),
    ("Balai Riset dan Standardisasi Industri", "Baristand Industri", ["perindustrian"]),
    ("Loka Pelatihan Kerja", "LPK", ["tenaga-kerja"]),
    ("Balai Besar Karantina Hewan, Ikan, dan Tumbuhan", "BBKHIT", ["perikanan"]),
    ("Kantor Pertanahan", "Kantah", ["penanaman-modal"]),
    ("Kantor Imigrasi", "Kanim", ["pariwisata-ekraf"]),
    ("Kantor Pengawasan dan Pelayanan Bea dan Cukai", "KPPBC", ["perdagangan"]),
    ("Balai Pelaksanaan Jalan Nasional", "BPJN", ["perhubungan-logistik"]),
    ("Stasiun Meteorologi", "Stamet", ["lingkungan-hidup"]),
    ("Balai Wilayah Sungai", "BWS", ["lingkungan-hidup"]),
    ("Kantor Cabang BPJS Ketenagakerjaan", "BPJSTK", ["tenaga-kerja"]),
]
SOE_STEMS = [
    ("PT Perkebunan Nusantara", ["pertanian-perkebunan"]),
    ("PT Kawasan Industri", ["perindustrian", "penanaman-modal"]),
    ("Perumda Air Minum Tirta", ["lingkungan-hidup"]),
    ("PT Pelabuhan", ["perhubungan-logistik"]),
    ("PT Bank Pembangunan Daerah", ["penanaman-modal"]),
    ("Perusahaan Daerah Pasar", ["perdagangan"]),
    ("PT Energi Daerah", ["energi-sdm"]),
    ("PT Agro Industri", ["pertanian-perkebunan", "perindustrian"]),
    ("PT Pariwisata Danau Toba", ["pariwisata-ekraf"]),
]
COMPANY_WORDS = [
    "Sumatera", "Deli", "Toba", "Karo", "Asahan", "Mandiri", "Sejahtera", "Makmur", "Jaya",
    "Abadi", "Lestari", "Sentosa", "Prima", "Nusantara", "Andalas", "Bukit", "Barisan", "Horas",
    "Mitra", "Sinar", "Cahaya", "Bintang", "Samudera", "Tunas", "Karya", "Agung", "Utama",
    "Sukses", "Gemilang", "Harapan", "Bersama", "Persada", "Raya", "Indah", "Baru", "Timur",
]
INDUSTRIES = [
    ("Sawit", ["pertanian-perkebunan", "perindustrian"]),
    ("Karet", ["pertanian-perkebunan", "perindustrian"]),
    ("Kopi", ["pertanian-perkebunan", "koperasi-ukm"]),
    ("Kakao", ["pertanian-perkebunan"]),
    ("Logistik", ["perhubungan-logistik"]),
    ("Konstruksi", ["perindustrian"]),
    ("Teknik", ["perindustrian"]),
    ("Digital", ["kominfo"]),
    ("Pangan", ["perindustrian", "perdagangan"]),
    ("Tekstil", ["perindustrian"]),
    ("Energi", ["energi-sdm"]),
    ("Perikanan", ["perikanan"]),
    ("Wisata", ["pariwisata-ekraf"]),
    ("Kimia", ["perindustrian"]),
    ("Otomotif", ["perindustrian", "tenaga-kerja"]),
    ("Kemasan", ["perindustrian", "koperasi-ukm"]),
]
COMPANY_FORMS = ["PT", "PT", "PT", "CV", "UD"]
UNIVERSITY_FORMS = [
    ("Universitas", "U"), ("Politeknik", "Poltek"), ("Institut Teknologi", "IT"),
    ("Sekolah Tinggi Ilmu Ekonomi", "STIE"), ("Akademi Komunitas", "AK"),
    ("Universitas Muhammadiyah", "UM"), ("Universitas Islam", "UI"),
    ("Universitas HKBP Nommensen", "UHN"), ("Politeknik Negeri", "Polnep"),
]
NGO_FORMS = [
    "Yayasan", "Lembaga Pengembangan Masyarakat", "Perkumpulan", "Lembaga Bantuan", "Forum",
    "Yayasan Pendidikan",
]
NGO_CAUSES = [
    ("Pemberdayaan Perempuan", ["koperasi-ukm"]), ("Lingkungan Lestari", ["lingkungan-hidup"]),
    ("Petani Mandiri", ["pertanian-perkebunan"]), ("Nelayan Sejahtera", ["perikanan"]),
    ("Literasi Digital", ["kominfo"]), ("Vokasi Muda", ["tenaga-kerja"]),
    ("Ekonomi Kreatif", ["pariwisata-ekraf"]), ("Hutan dan Air", ["lingkungan-hidup"]),
]
ASSOCIATIONS = [
    ("Kamar Dagang dan Industri", "Kadin", ["perdagangan", "perindustrian"]),
    ("Asosiasi Pengusaha Indonesia", "Apindo", ["tenaga-kerja"]),
    ("Gabungan Pengusaha Kelapa Sawit Indonesia", "GAPKI", ["pertanian-perkebunan"]),
    ("Himpunan Pengusaha Muda Indonesia", "HIPMI", ["perdagangan"]),
    ("Asosiasi Eksportir Kopi Indonesia", "AEKI", ["pertanian-perkebunan", "perdagangan"]),
    ("Ikatan Pengusaha Muslimah Indonesia", "IPEMI", ["koperasi-ukm"]),
    ("Asosiasi Industri Kecil Menengah Agro", "Asikmea", ["koperasi-ukm", "perindustrian"]),
    ("Perhimpunan Hotel dan Restoran Indonesia", "PHRI", ["pariwisata-ekraf"]),
    ("Asosiasi Logistik dan Forwarder Indonesia", "ALFI", ["perhubungan-logistik"]),
]
COOPERATIVE_FORMS = [
    ("Koperasi Produsen", ["koperasi-ukm"]), ("Koperasi Unit Desa", ["pertanian-perkebunan"]),
    ("Koperasi Nelayan", ["perikanan"]), ("Sentra IKM", ["koperasi-ukm", "perindustrian"]),
    ("Koperasi Serba Usaha", ["koperasi-ukm"]), ("Koperasi Karyawan", ["koperasi-ukm"]),
]
PRODUCTS = [
    "Kopi Arabika", "Ulos", "Rotan", "Gerabah", "Minyak Nilam", "Andaliman", "Kakao", "Jeruk",
    "Salak", "Ikan Asin", "Kerajinan Bambu", "Songket", "Tenun", "Kemenyan", "Gula Aren",
]
COMMUNITY_FORMS = [
    ("Kelompok Tani", ["pertanian-perkebunan"]), ("Kelompok Pengrajin", ["pariwisata-ekraf"]),
    ("Kelompok Wanita Tani", ["pertanian-perkebunan"]), ("Karang Taruna", ["tenaga-kerja"]),
    ("Kelompok Sadar Wisata", ["pariwisata-ekraf"]), ("Kelompok Nelayan", ["perikanan"]),
]
VILLAGES = [
    "Sipoholon", "Lumban Julu", "Tongging", "Berastagi", "Tuktuk", "Sidamanik", "Parapat",
    "Lau Gumba", "Bahorok", "Tanjung Morawa", "Pantai Cermin", "Hinai", "Kutalimbaru",
    "Sibolangit", "Muara", "Onan Runggu", "Lintong", "Sigumpar", "Bandar", "Silimakuta",
    "Pangaribuan", "Ajibata", "Laguboti", "Tiga Panah", "Merek", "Namorambe", "Pakkat",
]

AGENCY_DESCRIPTIONS = {
    "opd": [
        "Perangkat daerah yang membina {field} dan menjalin kerja sama dengan dunia usaha.",
        "Melayani masyarakat dan pelaku usaha di bidang {field}, termasuk pelatihan dan "
        "pendampingan.",
    ],
    "vertical": ["Unit pemerintah pusat di Sumatera Utara untuk {field}."],
    "soe": ["Badan usaha milik negara/daerah yang bergerak di bidang {field}."],
    "private": [
        "Perusahaan swasta di bidang {field}; mitra pelatihan kerja dan program CSR.",
        "Pelaku usaha {field} dengan jaringan pemasok IKM di Sumatera Utara.",
    ],
    "university": ["Perguruan tinggi dengan riset terapan dan pengabdian di bidang {field}."],
    "ngo": ["Organisasi nirlaba yang mendampingi masyarakat di bidang {field}."],
    "association": ["Wadah pelaku usaha {field} di Sumatera Utara."],
    "cooperative": ["Koperasi dan pelaku IKM/UMKM {field}."],
    "community": ["Kelompok masyarakat yang mengembangkan usaha {field}."],
}

CAPABILITY_TITLES = {
    "facility": [
        "Bengkel las {n} stasiun", "Laboratorium uji mutu {thing}", "Ruang pelatihan {n} kursi",
        "Gudang berpendingin {n} m²", "Studio foto produk", "Dapur produksi bersertifikat",
        "Laboratorium komputer {n} unit",
    ],
    "programme": [
        "Pelatihan {skill} bersertifikat", "Inkubasi usaha {thing}", "Klinik kemasan {thing}",
        "Program magang {skill}", "Pendampingan sertifikasi halal",
    ],
    "expertise": [
        "Konsultasi {skill}", "Riset terapan {thing}", "Pendampingan ekspor {thing}",
        "Audit energi industri", "Kajian kelayakan investasi {thing}",
    ],
    "resource": [
        "Lahan kavling industri {n} hektare", "Dana CSR pemberdayaan {thing}",
        "Armada angkutan {n} truk", "Bahan baku {thing} untuk IKM",
    ],
}
SKILLS = [
    "las SMAW", "las MIG", "listrik instalasi", "otomotif", "pemasaran digital", "akuntansi UMKM",
    "K3 industri", "operator forklift", "barista", "desain kemasan", "pengolahan kopi",
    "pengolahan CPO", "tata boga", "menjahit", "teknisi pendingin", "pemrograman web",
    "pemandu wisata", "budidaya ikan", "perawatan mesin", "logistik gudang",
]
THINGS = [
    "CPO", "karet", "kopi", "kakao", "ulos", "rotan", "ikan", "nilam", "andaliman", "pangan olahan",
    "kerajinan", "gula aren", "sayuran", "buah tropis",
]

AGREEMENT_TITLES = [
    "Pengembangan {thing} di {place}", "Pelatihan Vokasi {skill} bagi Pencari Kerja di {place}",
    "Hilirisasi {thing} untuk IKM {place}", "Peningkatan Kapasitas SDM Industri {place}",
    "Promosi Investasi Kawasan Industri {place}", "Pemberdayaan UMKM {thing} di {place}",
    "Pengembangan Ekonomi Kreatif {place}", "Pemanfaatan Data Industri {place}",
    "Riset Terapan {thing}", "Pendampingan Sertifikasi Produk {thing}",
    "Penyediaan Tenaga Kerja Terampil {skill}", "Pemasaran Digital Produk {thing}",
    "Pengelolaan Limbah Industri {place}", "Penguatan Rantai Pasok {thing}",
    "Magang Industri Mahasiswa", "Penyaluran CSR untuk IKM {place}",
]
AGREEMENT_PREFIX = {
    "kb": "Kesepakatan Bersama",
    "nk": "Nota Kesepakatan",
    "pks": "Perjanjian Kerja Sama",
    "adendum": "Adendum Perjanjian",
}
AGREEMENT_TEXTS = {
    "background": [
        "Sumatera Utara membutuhkan tenaga kerja terampil dan industri pengolahan yang tumbuh "
        "dekat dengan bahan bakunya.",
        "Para pihak memiliki program yang saling melengkapi di bidang industri, pelatihan, dan "
        "pemasaran produk daerah.",
        "Nilai tambah komoditas unggulan daerah masih rendah karena sebagian besar dijual "
        "sebagai bahan mentah.",
    ],
    "purpose": [
        "Meningkatkan daya saing industri di Sumatera Utara.",
        "Menyiapkan tenaga kerja yang sesuai kebutuhan industri.",
        "Mendorong hilirisasi komoditas unggulan daerah.",
    ],
    "scope": [
        "Pelatihan, pendampingan, promosi, dan berbagi data.",
        "Penyediaan fasilitas, narasumber, dan pembiayaan kegiatan bersama.",
        "Riset terapan, uji mutu, dan sertifikasi produk.",
    ],
    "benefits": [
        "Tenaga kerja terserap, IKM naik kelas, dan investasi bertambah.",
        "Produk daerah lebih mudah masuk pasar nasional dan ekspor.",
    ],
}
MILESTONES = [
    "Pelatihan angkatan pertama", "Pameran produk IKM", "Evaluasi tahun pertama",
    "Penyusunan modul pelatihan", "Uji kompetensi peserta", "Penyerahan bantuan peralatan",
    "Rapat koordinasi tim teknis", "Survei kebutuhan industri", "Laporan akhir kegiatan",
    "Peluncuran aplikasi data industri", "Penandatanganan kontrak pemasok",
]
MONEV_ACTIVITIES = [
    "Pelatihan {n} peserta dan pendampingan {m} IKM.",
    "Uji mutu {m} produk dan promosi di dua pameran daerah.",
    "Magang {n} peserta di perusahaan mitra; {m} peserta langsung direkrut.",
    "Penyusunan modul dan pelatihan instruktur; {n} peserta mengikuti kelas lanjutan.",
]
MONEV_OBSTACLES = [
    "", "Jadwal peserta bentrok dengan musim panen.", "Pencairan anggaran terlambat.",
    "Peralatan praktik belum lengkap.",
]
MONEV_FOLLOW_UPS = [
    "", "Jadwal angkatan berikutnya disepakati pada rapat koordinasi.",
    "Para pihak menambah kuota peserta perempuan.",
]
COMMENTS = [
    "Jadwal pameran produk IKM perlu disepakati bulan ini.",
    "Mohon data peserta dikirim sebelum rapat teknis.",
    "Draf lampiran rencana kerja sudah kami perbarui.",
    "Kami usulkan evaluasi bersama di akhir semester.",
    "Anggaran pelatihan angkatan kedua sudah tersedia.",
]
REJECTION_NOTES = [
    "Dokumen belum lengkap.", "Ruang lingkup tumpang tindih dengan kerja sama yang sudah ada.",
    "Para pihak belum sepakat tentang pembiayaan.",
]
REVOCATION_NOTES = [
    "Salah satu pihak tidak lagi menjalankan kewajibannya.",
    "Disepakati para pihak untuk diakhiri lebih awal.",
    "Program digabung ke perjanjian yang baru.",
]
SIGNING_PLACES = [
    "Kantor Gubernur Sumatera Utara, Medan", "Aula Kantor Bupati {seat}", "Hotel Santika, Medan",
    "Kantor Wali Kota {seat}", "Ruang rapat {acronym}",
]
POSITIONS = {
    "opd": "Kepala Dinas",
    "vertical": "Kepala Balai",
    "soe": "Direktur Utama",
    "private": "Direktur",
    "university": "Rektor",
    "ngo": "Ketua Yayasan",
    "association": "Ketua Umum",
    "cooperative": "Ketua Koperasi",
    "community": "Ketua Kelompok",
}

TRAINING_TITLES = {
    "pelatihan": ["Pelatihan {skill}", "Pelatihan Berbasis Kompetensi {skill}"],
    "workshop": ["Workshop {thing} untuk IKM", "Lokakarya Pengendalian Mutu {thing}"],
    "bimtek": ["Bimtek {skill} untuk UMKM", "Bimbingan Teknis Pengolahan {thing}"],
    "sertifikasi": ["Sertifikasi {skill}", "Uji Kompetensi {skill}"],
    "magang": ["Magang Industri {skill}", "Program Magang {thing}"],
}
TRAINING_DESCRIPTIONS = [
    "Pelatihan praktik bersama instruktur bersertifikat. Peserta yang lulus mendapat sertifikat.",
    "Materi teori dan praktik langsung di fasilitas mitra industri.",
    "Kelas kecil dengan pendampingan setelah pelatihan untuk pelaku IKM/UMKM.",
    "Program bersama beberapa instansi: materi, tempat, dan narasumber dari para mitra.",
]
VENUES = [
    "BBPVP Medan, Jl. Gatot Subroto Km 7,8", "UPTD BLK {seat}", "Aula Kantor Bupati {seat}",
    "Gedung Serbaguna {seat}", "Wisma KIM, Jl. Pulau Batam", "Kampus {seat}",
    "Balai Desa {village}",
]
QUESTIONS = [
    ("Berapa tahun pengalaman kerja Anda?", "text", ""),
    ("Ukuran baju kerja", "single", "S\nM\nL\nXL"),
    ("Apakah Anda sudah memiliki usaha sendiri?", "yes_no", ""),
    ("Apa produk usaha Anda?", "text", ""),
]
ANSWERS_TEXT = ["2", "5 tahun", "Baru lulus", "Keripik ubi", "Kopi bubuk", "Ulos", "1"]
FEEDBACK_COMMENTS = [
    "", "", "Praktiknya sangat membantu.", "Materi bagus, waktu praktik bisa ditambah.",
    "Ruangan terlalu panas di sesi siang.", "Instruktur sabar dan jelas.",
    "Semoga ada kelas lanjutan.",
]
TOPICS = [
    "Dasar-dasar {skill}", "Praktik {skill}", "Mutu dan standar {thing}", "Pemasaran {thing}",
    "K3 di tempat kerja",
]

SUBMISSION_TITLES = {
    "aspirasi": [
        "Usulan pelatihan {skill} di {place}", "Mohon pameran produk {thing} di {place}",
        "Perlu rumah kemasan untuk IKM {thing} {place}", "Usulan kuota magang bagi lulusan SMK",
        "Program pendampingan ekspor {thing}", "Pasar rakyat {place} perlu ditata",
    ],
    "pengaduan": [
        "Jalan rusak menuju kawasan industri {place}", "Limbah pabrik mencemari sungai di {place}",
        "Bantuan alat {thing} tidak sampai ke kelompok", "Pungutan di luar ketentuan izin usaha",
        "Sertifikat pelatihan belum diterima", "Upah peserta magang tidak dibayar",
    ],
    "informasi": [
        "Jadwal pelatihan {skill} tahun depan", "Syarat menjadi mitra CSR {place}",
        "Cara mendaftarkan IKM {thing} ke program pembinaan", "Kuota pelatihan untuk perempuan",
        "Lokasi BLK terdekat dari {place}",
    ],
}
SUBMISSION_BODIES = [
    "Kami kelompok usaha di {place}. {ask}\n\nTerima kasih atas perhatiannya.",
    "{ask} Hal ini sudah berlangsung **sejak beberapa bulan** dan belum ada kejelasan.",
    "Mohon informasinya:\n\n- {ask}\n- Siapa yang bisa kami hubungi?\n\nSalam.",
    "{ask} Banyak warga {place} yang membutuhkannya.",
]
ASKS = [
    "Kami butuh pelatihan {skill} agar bisa bekerja di industri.",
    "Produk {thing} kami sulit dipasarkan tanpa kemasan yang baik.",
    "Jalan menuju lokasi usaha berlubang dan truk sering terperosok.",
    "Air sungai berubah warna setiap malam di dekat pabrik.",
    "Bantuan mesin {thing} yang dijanjikan belum diterima kelompok kami.",
    "Kapan pendaftaran pelatihan {skill} dibuka kembali?",
]
REPLIES = [
    "Saya juga mengalami hal yang sama di {place}.", "Setuju, mohon segera ditindaklanjuti.",
    "Terima kasih infonya.", "Apakah sudah ada jadwalnya?",
    "Di {place} kondisinya sama, bahkan lebih parah.",
    "Kelompok kami siap ikut kalau pelatihannya dibuka.", "Mohon kabar terbarunya, Pak/Bu.",
    "Sudah ada perbaikan sebagian minggu ini.", "Kami dukung usulan ini.",
    "Bisa dibantu dengan **data jumlah peserta**?",
]
STAFF_REPLIES = [
    "Terima kasih, masukan ini sedang kami pelajari bersama mitra.",
    "Tim kami akan meninjau lokasi minggu ini.",
    "Mohon kirimkan foto dan alamat lengkap melalui balasan ini.",
]
ANSWERS = [
    "Sudah kami teruskan ke mitra terkait. Perbaikan dijadwalkan bulan depan.",
    "Pelatihan {skill} angkatan berikutnya dibuka bulan depan; pendaftaran melalui portal ini.",
    "Kami sudah berkoordinasi dengan {place}; bantuan akan disalurkan setelah verifikasi data.",
    "Terima kasih. Usulan ini masuk rencana kerja tahun depan bersama para mitra.",
]
NOTES = [
    "Koordinasi dengan bidang teknis.", "Perlu cek lapangan.", "Sudah ditelepon pelapor.",
]
REJECTIONS = [
    "Bukan masukan tentang kemitraan industri.", "Isi masukan tidak dapat diverifikasi.",
    "Sama dengan masukan yang sudah ada.",
]
MEETING_TITLES = [
    "Diskusi publik: hilirisasi {thing}", "Forum terbuka: pelatihan vokasi di {place}",
    "Dengar pendapat: kawasan industri {place}", "Diskusi publik: UMKM {thing}",
]
SUSPENSION_REASONS = ["Berulang kali mengirim iklan.", "Bahasa kasar kepada warga lain."]
# fmt: on
