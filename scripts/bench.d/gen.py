#!/usr/bin/env python3
"""Deterministic invented directory data for scripts/bench.

Writes, into OUT_DIR:
  organisations.csv      10k organisations (Indonesian headers, ';'-delimited, as Excel in id-ID writes)
  contacts.csv           100k contacts in them (rows in random order, as a merged spreadsheet would be)
  organisations-10k.csv  the organisations the first 10k contact rows belong to
  contacts-10k.csv       the first 10k contact rows
  queries.json           the 20 benchmark queries, picked from the data (mostly from the 10k subset)

Everything comes from one seeded random generator, so the same arguments give byte-identical files.
The 38 provinces are read from pokja's own list (Sources/PokjaCore/Region.swift). All names,
numbers and addresses are invented.
"""
import argparse
import csv
import json
import os
import random
import re
import sys

FIRST = """Adi Agus Ahmad Aisyah Andi Anisa Ari Arief Ayu Bambang Bayu Benny Budi Cahya Citra Dani Dedi Desi
Dewi Dian Dimas Dina Dodi Eka Endang Erna Evi Fajar Fitri Galih Gita Hadi Hana Hendra Heru Ida Ika Ilham Indah
Irma Irwan Joko Kartika Kurnia Lestari Lia Lina Maya Mega Melati Nadia Nanda Nining Novi Nur Nurul Oki Putri Putu
Rahmat Rani Ratna Reza Rina Rini Rizki Rudi Sari Sekar Setyo Siti Sri Surya Susi Taufik Tika Tri Utami Wahyu Wawan
Wayan Widya Wulan Yanti Yoga Yohana Yosef Yudi Yulia Yusuf Zainal Zahra Fransiska Maria Agustinus Made Ketut
Kadek Komang Ni Gusti Bonifasius Yustina Marthen Yakobus Herlina Emilia Rosalina Paulus Desak Ratih Asih""".split()
LAST = """Aritonang Ginting Gultom Hasibuan Harahap Hutapea Lubis Manurung Nainggolan Nasution Panjaitan Pardede
Pohan Purba Siregar Simanjuntak Sinaga Situmorang Tambunan Tampubolon Rahmawati Wahyuni Lestari Kurniawan
Setiawan Hidayat Nugroho Santoso Wibowo Saputra Pratama Permana Gunawan Susanto Hartono Wijaya Halim Kusuma
Suryani Handayani Puspita Anggraini Maharani Safitri Ramadhani Hakim Syahputra Firmansyah Hermawan Sulistyo
Prasetyo Utomo Purnomo Sutrisno Suharto Mulyadi Rusdi Daulay Matondang Batubara Tanjung Chaniago Koto Piliang
Sikumbang Rangkuti Pulungan Mandagi Wenas Lumban Rumengan Pangemanan Sondakh Tuwo Mamahit Kalangi Lasut Ratulangi
Pattiasina Latuconsina Tuhumury Wattimena Manuhutu Siahaya Soumokil Pelupessy Ndun Bessie Manafe Fanggidae
Lulu Tefa Nubatonis Mandala Wenda Kogoya Tabuni Wonda Yikwa Rumbiak Ayomi Mansoben Daeng Pawelloi Mattalitti
Amiruddin Sukmawati Yuliani Rosmawati Fitriani Marlina Irawati Syamsuddin Hasanuddin""".split()
HONORIFICS = ["Bapak", "Ibu", "Ibu", "Bapak", "Sdr.", "Sdri.", "Dr.", ""]
POSITIONS = ["Ketua", "Sekretaris", "Bendahara", "Koordinator Layanan", "Staf Pendamping", "Kepala Bidang",
             "Kepala Seksi Perlindungan", "Konselor", "Paralegal", "Advokat", "Psikolog", "Pekerja Sosial",
             "Penyidik", "Analis Kebijakan", "Staf Program", "Relawan", "Direktur Eksekutif",
             "Manajer Kasus", "Penyuluh", "Kanit PPA"]
ROLES = ["anggota"] * 6 + ["narahubung"] * 3 + ["ketua"]
TAGS = ["tppo", "pekerja-migran", "anak", "perempuan", "disabilitas", "pleno", "jejaring", "pelatihan"]
WORDS = """Harapan Pelita Cahaya Bina Karya Mitra Peduli Insan Sejahtera Mandiri Nusantara Bangsa Kasih
Bunda Lentera Pusaka Amanah Berkah Citra Cendekia Damai Gemilang Hati Ibu Jiwa Kartini Keadilan Lestari Melati
Merdeka Mutiara Pertiwi Puspa Rahayu Sahabat Sekar Semesta Suara Tunas Wanita Warga Widya Yasmin Anak Bakti
Pelangi Sentosa Bhakti Pinang Sakti Kenanga Teratai Rinjani Kencana Purnama Samudra Swadaya Tanjung""".split()
KINDS = [  # (kind as a spreadsheet writes it, name prefixes, services that kind offers)
    ("lsm", ["Yayasan", "Perkumpulan", "Lembaga", "LBH"], ["bantuan hukum", "psikososial", "rumah aman",
                                                            "pengaduan", "pemberdayaan ekonomi"]),
    ("unit layanan", ["UPTD PPA", "P2TP2A", "Pusat Layanan"], ["psikososial", "rumah aman", "pengaduan",
                                                               "kesehatan", "rehabilitasi"]),
    ("dinas", ["Dinas PPPA", "Dinas Sosial", "Dinas Tenaga Kerja"], ["rehabilitasi", "repatriasi",
                                                                    "reintegrasi", "pengaduan"]),
    ("polisi", ["Polres", "Polresta", "Polda"], ["penyidikan", "pengaduan"]),
    ("gugus tugas", ["Gugus Tugas TPPO"], ["pengaduan", "repatriasi"]),
    ("ormas", ["Fatayat", "Muslimat", "Aisyiyah", "Pemuda"], ["psikososial", "pemberdayaan ekonomi"]),
    ("perguruan tinggi", ["Universitas", "Pusat Studi Gender Universitas"], ["bantuan hukum", "psikososial"]),
    ("badan", ["Badan Perlindungan", "Balai"], ["repatriasi", "rehabilitasi", "kesehatan"]),
]
KIND_WEIGHTS = [40, 15, 12, 8, 5, 8, 6, 6]
CITIES = {  # a few regencies and cities per province, for organisations that cover one
    "Jawa Barat": ["Kota Bandung", "Kabupaten Bogor", "Kabupaten Cianjur", "Kabupaten Indramayu"],
    "Jawa Timur": ["Kota Surabaya", "Kota Malang", "Kabupaten Jember", "Kabupaten Banyuwangi"],
    "Jawa Tengah": ["Kota Semarang", "Kabupaten Cilacap", "Kota Surakarta"],
    "Sumatera Utara": ["Kota Medan", "Kabupaten Deli Serdang"],
    "Sulawesi Selatan": ["Kota Makassar", "Kabupaten Bone"],
    "Nusa Tenggara Timur": ["Kota Kupang", "Kabupaten Sikka", "Kabupaten Timor Tengah Selatan"],
    "Nusa Tenggara Barat": ["Kota Mataram", "Kabupaten Lombok Timur"],
    "Kalimantan Barat": ["Kota Pontianak", "Kabupaten Sambas"],
    "Kepulauan Riau": ["Kota Batam", "Kota Tanjungpinang"],
    "Bali": ["Kota Denpasar", "Kabupaten Buleleng"],
}
MAIL_HOSTS = ["gmail.com", "yahoo.co.id", "gmail.com", "outlook.com"]


def provinces(repo):
    text = open(os.path.join(repo, "Sources/PokjaCore/Region.swift"), encoding="utf-8").read()
    found = re.findall(r'\.init\(\s*"(\d\d)",\s*"([^"]+)",\s*"[^"]+",\s*\[([^\]]*)\]', text)
    result = [(code, name, re.findall(r'"([^"]+)"', aliases)) for code, name, aliases in found]
    if len(result) != 38:
        sys.exit(f"bench: expected 38 provinces in Region.swift, found {len(result)}")
    return result


def slug(text):
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def generate(repo, out, n_orgs, n_contacts, subset, seed):
    rng = random.Random(seed)
    provs = provinces(repo)
    os.makedirs(out, exist_ok=True)

    # Organisations: unique names and acronyms (the importer matches on either).
    orgs, names, acronyms = [], set(), set()
    while len(orgs) < n_orgs:
        kind, prefixes, services = rng.choices(KINDS, KIND_WEIGHTS)[0]
        code, province, aliases = rng.choice(provs)
        prefix = rng.choice(prefixes)
        words = " ".join(rng.sample(WORDS, rng.choice([1, 2, 2, 3])))
        regency = ""
        if province in CITIES and rng.random() < 0.5:
            regency = rng.choice(CITIES[province])
        place = regency.replace("Kabupaten ", "").replace("Kota ", "") if regency else province
        name = f"{prefix} {words} {place}"
        if name in names:
            continue
        names.add(name)
        acronym = ""
        if rng.random() < 0.4:
            initials = "".join(w[0] for w in (prefix + " " + words).split() if w[0].isupper())
            candidate = f"{initials} {aliases[0] if aliases else province.split()[0]}"
            if candidate.lower() not in acronyms:
                acronyms.add(candidate.lower())
                acronym = candidate
        domain = slug(prefix + words)[:18] + "-" + code + str(len(orgs)) + (".go.id" if kind in (
            "dinas", "polisi", "badan", "gugus tugas") else ".or.id")
        orgs.append({
            "Nama": name, "Singkatan": acronym, "Jenis": kind, "Provinsi": province,
            "Kabupaten/Kota": regency,
            "Layanan": ", ".join(rng.sample(services, rng.randint(1, min(3, len(services))))),
            "Tag": rng.choice(["", "", "jejaring", "mitra-pokja"]),
            "Website": f"https://{domain}" if rng.random() < 0.5 else "",
            "Email": f"info@{domain}",
            "Telepon": f"(0{rng.randint(21, 779)}) {rng.randint(300000, 8999999)}",
            "Alamat": f"Jl. {rng.choice(WORDS)} No. {rng.randint(1, 250)}, {place}",
            "_domain": domain,
        })

    # How many people each organisation has: at least one, n_contacts in all.
    counts = [1] * n_orgs
    for index in rng.choices(range(n_orgs), k=n_contacts - n_orgs):
        counts[index] += 1

    contacts, emails, phones = [], set(), set()
    for org_index, count in enumerate(counts):
        org = orgs[org_index]
        taken = set()
        for _ in range(count):
            while True:
                parts = [rng.choice(FIRST)]
                if rng.random() < 0.35:
                    parts.append(rng.choice(FIRST))
                parts.append(rng.choice(LAST))
                name = " ".join(parts)
                if name not in taken:
                    taken.add(name)
                    break
            while True:
                number = f"08{rng.choice([11, 12, 13, 21, 22, 52, 53, 56, 57, 77, 78, 81, 95])}" \
                         f"{rng.randint(10000000, 99999999)}"
                if number not in phones:
                    phones.add(number)
                    break
            base = ".".join(slug(p) for p in parts[::len(parts) - 1])
            host = org["_domain"] if rng.random() < 0.5 else rng.choice(MAIL_HOSTS)
            email, n = f"{base}@{host}", 1
            while email in emails:
                n += 1
                email = f"{base}{n}@{host}"
            emails.add(email)
            written = f"{number[:4]}-{number[4:8]}-{number[8:]}" if rng.random() < 0.6 else number
            contacts.append({
                "Sapaan": rng.choice(HONORIFICS), "Nama": name, "Jabatan": rng.choice(POSITIONS),
                "Instansi": org["Nama"], "Peran": rng.choice(ROLES), "Email": email, "No. HP": written,
                "WhatsApp": written if rng.random() < 0.3 else "",
                "Bahasa": "id" if rng.random() < 0.9 else "en",
                "Tag": rng.choice(TAGS) if rng.random() < 0.3 else "",
                "Catatan": "",
                "_org": org_index, "_digits": number,
            })
    rng.shuffle(contacts)

    def write(path, header, rows):
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter=";", lineterminator="\r\n")
            w.writerow(header)
            for row in rows:
                w.writerow([row[h] for h in header])

    org_header = ["Nama", "Singkatan", "Jenis", "Provinsi", "Kabupaten/Kota", "Layanan", "Tag", "Website",
                  "Email", "Telepon", "Alamat"]
    contact_header = ["Sapaan", "Nama", "Jabatan", "Instansi", "Peran", "Email", "No. HP", "WhatsApp",
                      "Bahasa", "Tag", "Catatan"]
    write(os.path.join(out, "organisations.csv"), org_header, orgs)
    write(os.path.join(out, "contacts.csv"), contact_header, contacts)
    small = contacts[:subset]
    used = sorted({c["_org"] for c in small})
    write(os.path.join(out, "organisations-10k.csv"), org_header, [orgs[i] for i in used])
    write(os.path.join(out, "contacts-10k.csv"), contact_header, small)

    # The 20 queries: picked from the 10k subset so every engine has something to find.
    pick = random.Random(seed + 1)
    people = [c for c in small if len(c["Nama"].split()) == 2]
    a, b, c, e, f = pick.sample(people, 5)
    acronymed = [orgs[i] for i in used if orgs[i]["Singkatan"]]
    org_a, org_b = pick.sample([orgs[i] for i in used], 2)
    with_acronym = pick.choice(acronymed)
    long_last = pick.choice([p for p in people if len(p["Nama"].split()[1]) >= 7])
    surname = long_last["Nama"].split()[1]
    cut = len(surname) // 2
    typo = surname[:cut] + surname[cut + 1:]  # one letter left out
    typo2_src = pick.choice([p for p in people if len(p["Nama"].split()[0]) >= 5 and p is not long_last])
    first = typo2_src["Nama"].split()[0]
    typo2 = first[:2] + first[3] + first[2] + first[4:]  # two neighbours swapped
    phone = pick.choice([p for p in people if p["_digits"].startswith("0812")])["_digits"]
    jabar = next(p for p in people if orgs[p["_org"]]["Provinsi"] == "Jawa Barat")
    queries = [
        {"label": "full name", "args": [a["Nama"]]},
        {"label": "surname", "args": [b["Nama"].split()[1]]},
        {"label": "first name", "args": [c["Nama"].split()[0]]},
        {"label": "name prefix", "args": [e["Nama"].split()[1][:4].lower()]},
        {"label": "two prefixes", "args": [" ".join(w[:3].lower() for w in f["Nama"].split())]},
        {"label": "honorific + name", "args": ["Ibu " + a["Nama"]]},
        {"label": "organisation name", "args": [org_a["Nama"]]},
        {"label": "organisation words", "args": [" ".join(org_b["Nama"].split()[1:3]).lower()]},
        {"label": "acronym", "args": [with_acronym["Singkatan"].lower()]},
        {"label": "typo (letter missing)", "args": [typo.lower()]},
        {"label": "typo (letters swapped)", "args": [typo2.lower()]},
        {"label": "phone 0812-…", "args": [f"{phone[:4]}-{phone[4:8]}-{phone[8:]}"],
         "khard": [f"phone_numbers:{phone[:4]}-{phone[4:8]}-{phone[8:]}"]},
        {"label": "phone +62", "args": ["+62 " + phone[1:4] + " " + phone[4:8] + " " + phone[8:]],
         "khard": ["phone_numbers:+62" + phone[1:]]},
        {"label": "email", "args": [b["Email"]]},
        {"label": "position word", "args": ["paralegal"]},
        {"label": "city", "args": ["surabaya"]},
        {"label": "name --region", "args": [jabar["Nama"].split()[0], "--region", "Jawa Barat"]},
        {"label": "name --region alias", "args": [c["Nama"].split()[1], "--region", "Jatim"]},
        {"label": "word --service", "args": ["yayasan", "--service", "rumah aman"]},
        {"label": "kind word", "args": ["polres"]},
    ]
    for q in queries:
        # khard ANDs its search terms, each a substring of the card: one term per word.
        q.setdefault("khard", q["args"][0].split())
    with open(os.path.join(out, "queries.json"), "w", encoding="utf-8") as fh:
        json.dump(queries, fh, ensure_ascii=False, indent=1)
    return {"organisations": n_orgs, "contacts": n_contacts, "subset_contacts": len(small),
            "subset_organisations": len(used)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--subset", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20240917)
    args = parser.parse_args()
    print(json.dumps(generate(args.repo, args.out, args.organisations, args.contacts, args.subset,
                              args.seed)))


if __name__ == "__main__":
    main()
