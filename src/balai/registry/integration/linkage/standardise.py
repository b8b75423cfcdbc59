# SPDX-License-Identifier: EUPL-1.2
"""Standardisation of record tables in DuckDB SQL (seconds per million rows).

Most of the linkage quality is decided here, before any comparison: a name is folded to
lower case without accents, degrees behind a comma are cut, dotted degrees ("S.Pd.") are
joined, honorifics in front and degrees behind are dropped (the lists of
``registry/normalise.py``, shared with the register's blind indexes), old spellings are
modernised (oe→u, dj→j, tj→c, nj→ny, sj→sy, ch→kh) and common abbreviations expanded
(Muh./M./Moh. → muhammad, St. → siti, Abd. → abdul). Addresses lose their abbreviations
(jl/jln → jalan, gg → gang) and house-number markers. Every derived column is a plain
column of the standardised table, so blocking rules are cheap equi-joins.
"""

from __future__ import annotations

from balai.registry.normalise import PREFIX_TITLES, SUFFIX_DEGREES

INPUT_COLUMNS = (
    "unique_id",
    "source",
    "nik",
    "kk_number",
    "full_name",
    "birth_date",
    "birth_place",
    "sex",
    "address",
    "rt",
    "rw",
    "village_code",
    "phone",
    "other_id",  # the source's own person identifier; absent column → all None
)
# tokens that come before a given name without being one (Balinese birth order, Bugis
# nobility): "I Made Sudarma" has the given name "sudarma"
NAME_PREFIXES = (
    "i", "ni", "andi", "anak", "agung", "gusti", "ida", "bagus",
    "wayan", "putu", "gede", "made", "kadek", "nyoman", "komang", "ketut",
)  # fmt: skip
MUHAMMAD = (
    "muh", "moh", "mhd", "mohd", "muhamad", "mohammad", "mohamad", "mokhammad",
    "mukhammad", "muhammmad", "muhamed",
)  # fmt: skip
# old spelling → modern (EYD), applied to the whole lower-cased name in this order
SPELLING = (
    ("dj", "j"),
    ("tj", "c"),
    ("nj", "ny"),
    ("sj", "sy"),
    ("oe", "u"),
    ("ch", "kh"),
)
ADDRESS_WORDS = {
    "jl": "jalan", "jln": "jalan", "jalan": "jalan", "gg": "gang", "gang": "gang",
    "komp": "komplek", "kompleks": "komplek", "komplek": "komplek",
    "perum": "perumahan",
    "ds": "desa", "dsn": "dusun", "kp": "kampung", "kmp": "kampung",
}  # fmt: skip
ADDRESS_DROP = ("no", "nomor", "nmr", "rt", "rw", "blok")


def _sql_list(values) -> str:
    return (
        "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"
    )


def _respell(expression: str) -> str:
    for old, new in SPELLING:
        expression = f"replace({expression}, '{old}', '{new}')"
    return expression


def _address_map(token: str) -> str:
    cases = " ".join(
        f"WHEN {token} = '{short}' THEN '{long}'"
        for short, long in ADDRESS_WORDS.items()
    )
    return f"CASE {cases} ELSE {token} END"


def _digits(column: str, length: int) -> str:
    cleaned = f"regexp_replace(coalesce({column}, ''), '[^0-9]', '', 'g')"
    return f"CASE WHEN length({cleaned}) = {length} THEN {cleaned} END"


def standardise_sql(table: str) -> str:
    """A SELECT over ``table`` (the input columns) adding the standardised columns."""
    titles = _sql_list(sorted(t.replace(".", "") for t in PREFIX_TITLES))
    degrees = _sql_list(sorted(d.replace(".", "") for d in SUFFIX_DEGREES))
    prefixes = _sql_list(NAME_PREFIXES)
    muhammad = _sql_list(MUHAMMAD)
    name_text = (
        "regexp_replace(regexp_replace(regexp_replace(split_part(lower(strip_accents("
        "coalesce(full_name, ''))), ',', 1), '\\b([a-z])\\.([a-z]{1,3})\\.', '\\1\\2', "
        "'g'), '[''`’]', '', 'g'), '[^a-z]+', ' ', 'g')"
    )
    address_text = (
        "regexp_replace(lower(strip_accents(coalesce(address, ''))), "
        "'[^a-z0-9]+', ' ', 'g')"
    )
    # ``table`` is the engine's own table name, never user input
    return f"""
WITH raw AS (
    SELECT {", ".join(INPUT_COLUMNS)},
        list_filter(string_split(trim({_respell(name_text)}), ' '), lambda t: t <> '')
            AS name_raw_tokens,
        list_filter(string_split(trim({address_text}), ' '), lambda t: t <> '')
            AS address_raw_tokens,
        TRY_CAST(birth_date AS DATE) AS dob
    FROM {table}
),
names AS (
    SELECT *,
        list_filter(
            list_transform(name_raw_tokens, lambda t, i: CASE
                WHEN t IN {muhammad} THEN 'muhammad'
                WHEN t = 'm' AND i = 1 AND len(name_raw_tokens) > 1 THEN 'muhammad'
                WHEN t = 'st' AND i = 1 AND len(name_raw_tokens) > 1 THEN 'siti'
                WHEN t = 'sitti' THEN 'siti'
                WHEN t = 'abd' THEN 'abdul'
                WHEN t IN ['akhmad', 'ahmat', 'akhmat'] THEN 'ahmad'
                ELSE t END),
            lambda t, i: NOT (
                (t IN {titles} AND i < len(name_raw_tokens))
                OR (t IN {degrees} AND i > 1 AND NOT (t = 'st' AND i = 1))
            )
        ) AS name_tokens
    FROM raw
)
SELECT
    unique_id, source, nik, kk_number, full_name, birth_date, birth_place, sex,
    address, rt, rw, village_code, phone, other_id,
    {_digits("nik", 16)} AS nik_std,
    nullif(upper(regexp_replace(coalesce(other_id, ''), '[^0-9A-Za-z]+', '', 'g')), '')
        AS other_id_std,
    {_digits("kk_number", 16)} AS kk_std,
    nullif(array_to_string(name_tokens, ' '), '') AS name_std,
    nullif(array_to_string(list_sort(name_tokens), ' '), '') AS name_sorted,
    list_filter(name_tokens, lambda t: NOT t IN {prefixes})[1] AS given,
    CASE WHEN len(name_tokens) > 1 THEN name_tokens[-1] END AS surname,
    left(list_filter(name_tokens, lambda t: NOT t IN {prefixes})[1], 3) AS given_key,
    strftime(dob, '%Y-%m-%d') AS dob_std,
    year(dob) AS birth_year,
    month(dob) AS birth_month,
    day(dob) AS birth_day,
    CASE WHEN dob IS NOT NULL THEN
        year(dob) * 10000 + least(month(dob), day(dob)) * 100
            + greatest(month(dob), day(dob))
    END AS dob_unordered,
    CASE WHEN sex IN ('M', 'F') THEN sex END AS sex_std,
    nullif(array_to_string(list_filter(
        list_transform(address_raw_tokens, lambda t: {_address_map("t")}),
        lambda t: NOT t IN {_sql_list(ADDRESS_DROP)}), ' '), '') AS address_std,
    TRY_CAST(nullif(regexp_replace(coalesce(rt, ''), '[^0-9]', '', 'g'), '') AS INTEGER)
        AS rt_std,
    TRY_CAST(nullif(regexp_replace(coalesce(rw, ''), '[^0-9]', '', 'g'), '') AS INTEGER)
        AS rw_std,
    CASE WHEN length(village_code) = 13 THEN village_code END AS village_std,
    CASE WHEN length(village_code) >= 8 THEN left(village_code, 8) END AS district,
    CASE WHEN length(village_code) >= 5 THEN left(village_code, 5) END AS regency,
    nullif(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), '') AS phone_std,
    nullif(trim(regexp_replace(regexp_replace(lower(coalesce(birth_place, '')),
        '^(kota|kabupaten|kab)[ .]+', ''), '[^a-z]+', ' ', 'g')), '') AS place_std
FROM names
"""  # noqa: S608
