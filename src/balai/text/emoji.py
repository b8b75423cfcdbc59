# SPDX-License-Identifier: EUPL-1.2
"""Emoji and emoticons to a few sentiment-bearing tokens (``<emo_joy>``, ...).

A table of the emoji Indonesians use most in complaints and praise; any other
pictograph becomes ``<emo_other>`` so it never glues onto a word.
"""

from __future__ import annotations

import re

JOY = "<emo_joy>"
LAUGH = "<emo_laugh>"
LOVE = "<emo_love>"
SAD = "<emo_sad>"
ANGRY = "<emo_angry>"
FEAR = "<emo_fear>"
GOOD = "<emo_good>"
BAD = "<emo_bad>"
PRAY = "<emo_pray>"
THINK = "<emo_think>"
OTHER = "<emo_other>"

_TABLE: dict[str, str] = {}
for token, chars in {
    JOY: "😀😃😄😁😊☺🙂😇🥳🎉✨😎🤗😌",
    LAUGH: "😂🤣😆😅😹",
    LOVE: "❤💕💖💗💓💞💘😍🥰😘💯🌹♥",
    SAD: "😢😭😞😔😟🙁☹😿💔😩😫🥺😪😓😥",
    ANGRY: "😠😡🤬👿💢😤🖕",
    FEAR: "😨😰😱😧😦😬",
    GOOD: "👍👏🙌👌💪🔥⭐🌟✅🏆",
    BAD: "👎❌🚫🤮🤢💩😒🙄😑😐😶",
    PRAY: "🙏",
    THINK: "🤔🧐",
}.items():
    for char in chars:
        _TABLE[char] = token

EMOTICONS: dict[str, str] = {
    ":)": JOY, ":-)": JOY, ":d": LAUGH, ":-d": LAUGH, "xd": LAUGH, ";)": JOY,
    "^_^": JOY, "^^": JOY, ":(": SAD, ":-(": SAD, ":'(": SAD, "t_t": SAD,
    ":/": BAD, ":-/": BAD, ">:(": ANGRY, "<3": LOVE, ":p": JOY,
}  # fmt: skip

_PICTO = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff"
    "\ufe0f\u200d\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff]"
)
_MODIFIER = re.compile("[\ufe0f\u200d\U0001f3fb-\U0001f3ff]")
_EMOTICON = re.compile(
    r"(?:(?<=\s)|^)("
    + "|".join(re.escape(e) for e in sorted(EMOTICONS, key=len, reverse=True))
    + r")(?=\s|$)",
    re.IGNORECASE,
)
TOKENS = frozenset({*_TABLE.values(), OTHER})


def replace_emoji(text: str) -> str:
    """Replace emoji and standalone emoticons by tokens surrounded with spaces.

    Repeated emoji keep one token per emoji (``😡😡😡`` is angrier than ``😡``);
    skin-tone modifiers and joiners disappear.
    """
    text = _MODIFIER.sub("", text)
    text = _PICTO.sub(lambda m: f" {_TABLE.get(m.group(0), OTHER)} ", text)
    return _EMOTICON.sub(lambda m: f" {EMOTICONS[m.group(1).lower()]} ", text)
