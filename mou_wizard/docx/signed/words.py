"""The new answers' changes inside one of SIGNED's paragraphs, word by word, with conflicts noted."""

from __future__ import annotations

import copy
from difflib import SequenceMatcher

from docx.oxml.ns import qn
from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr
from mou_wizard.docx.tracked import (
    _DELTEXT, _PPRCHANGE, _SPACE, _T, _TOKEN, CREF, DEL, INS, PPR, PSTYLE, R, RPR, SECTPR, VAL, _runs_of,
    _tokens, _word_ops,
)
from mou_wizard.docx.signed.notes import _Record
from mou_wizard.docx.signed.text import (
    _focus, _norm_token, _quote, _sentence_ids, _spans, _split_at, _starts, _Text,
)

_INSTR, _DELINSTR = qn("w:instrText"), qn("w:delInstrText")


class _WordEdits:
    """The word-level half of the reviser (see :class:`~mou_wizard.docx.signed.blocks._Reviser`): it
    needs ``writer``, ``styles`` and the methods ``renamed`` and ``_signed_rpr``."""

    def _wrap(self, runs: list, tag) -> list:
        wrappers: list = []
        for r in runs:
            if wrappers and wrappers[-1].getnext() is r:
                wrappers[-1].append(r)
                continue
            wrapper = self.writer._mark(r.getparent(), tag)
            r.addprevious(wrapper)
            wrapper.append(r)
            wrappers.append(wrapper)
        if tag == DEL:
            for wrapper in wrappers:
                for t in list(wrapper.iter(_T, _INSTR)):
                    t.tag = _DELTEXT if t.tag == _T else _DELINSTR
                    t.set(_SPACE, "preserve")
        return wrappers

    def revise_paragraph(self, signed_p, o, n, record: _Record, comment_here: bool = True) -> None:
        """Make in ``signed_p`` the word-level changes from draft paragraph ``o`` to ``n``."""
        runs_old, runs_new = _runs_of(o), _runs_of(n)
        a, b = _tokens(runs_old), _tokens(runs_new)
        rprs = {fmt: rpr for fmt, rpr, _ in runs_old + runs_new}
        ops = _word_ops(a, b)
        changed = [op for op in ops if op[0] != "equal"]
        if changed:
            self._revise_words(signed_p, a, b, rprs, ops, changed, record)
        self._restyle(signed_p, o, n)
        if comment_here:
            record.touched.append(signed_p)

    def _restyle(self, signed_p, o, n) -> None:
        def style(p):
            s = p.find(f"{PPR}/{PSTYLE}")
            return s.get(VAL) if s is not None else None

        old_style, new_style = style(o), style(n)
        if old_style == new_style or style(signed_p) != old_style or (new_style and new_style not in self.styles):
            return
        ppr = signed_p.find(PPR)
        if ppr is None:
            ppr = signed_p.makeelement(PPR, {})
            signed_p.insert(0, ppr)
        change = self.writer._mark(ppr, _PPRCHANGE)
        base = _sub(change, PPR)
        for child in ppr:
            if child.tag not in (RPR, SECTPR, _PPRCHANGE):
                base.append(copy.deepcopy(child))
        current = ppr.find(PSTYLE)
        if new_style is None:
            ppr.remove(current)
        elif current is not None:
            current.set(VAL, new_style)
        else:
            ppr.insert(0, ppr.makeelement(PSTYLE, {VAL: new_style}))

    def _revise_words(self, signed_p, a, b, rprs, ops, changed, record: _Record) -> None:
        """The word-level changes ``ops`` (from old draft tokens ``a`` to new ``b``) made in ``signed_p``.

        Each change is grouped with the others in the same sentence of the old draft. When that
        sentence reads the same in SIGNED, or at least every passage a change touches is still there,
        the changes are made on SIGNED's words (the latter noted as a conflict); otherwise SIGNED's
        sentence is struck and the new draft's inserted in its place (a conflict too)."""
        old_text = "".join(tok for _, tok in a)
        offsets = [0]  # character offset of each of a's tokens, and of the end
        for _, tok in a:
            offsets.append(offsets[-1] + len(tok))
        text = _Text(signed_p).text
        old_tokens, signed_tokens = _TOKEN.findall(old_text), _TOKEN.findall(text)
        o_starts, s_starts = _starts(old_tokens), _starts(signed_tokens)
        matcher = SequenceMatcher(None, [_norm_token(t) for t in old_tokens], [_norm_token(t) for t in signed_tokens],
                                  autojunk=False)
        m = {i + k: j + k for i, j, size in matcher.get_matching_blocks() for k in range(size)}
        old_sentences, signed_sentences = _sentence_ids(old_tokens), _sentence_ids(signed_tokens)
        old_spans, signed_spans = _spans(old_sentences), _spans(signed_sentences)

        def token_at(c: int) -> int:
            """The old token holding character ``c`` (the last one for the end of the text)."""
            k = 0
            while k + 1 < len(old_tokens) and o_starts[k + 1] <= c:
                k += 1
            return k

        def to_signed(c: int, side: str) -> int | None:
            """Old character boundary ``c`` in SIGNED's text, through the word matched around it."""
            if not old_tokens:
                return 0
            k = token_at(c)
            if c == o_starts[k] and side == "end" and k > 0 and (k - 1) in m:
                return s_starts[m[k - 1]] + len(signed_tokens[m[k - 1]])
            if c >= o_starts[k] + len(old_tokens[k]) and k in m:  # the very end
                return s_starts[m[k]] + len(signed_tokens[m[k]])
            if k in m:
                return s_starts[m[k]] + (c - o_starts[k])
            if c == o_starts[k] and k > 0 and (k - 1) in m:
                return s_starts[m[k - 1]] + len(signed_tokens[m[k - 1]])
            return None

        def tokens_of(c0: int, c1: int) -> range:
            """The old tokens a change at characters [c0, c1) touches (for an insertion, the one before)."""
            if not old_tokens:
                return range(0, 0)
            if c1 > c0:
                return range(token_at(c0), token_at(c1 - 1) + 1)
            k = token_at(max(c0 - 1, 0))
            return range(k, k + 1)

        def span(op):
            _, i1, i2, _, _ = op
            c0, c1 = offsets[i1], offsets[i2]
            if not old_tokens:
                return (len(text), len(text)) if not text.strip() else None
            touched = tokens_of(c0, c1)
            if c1 > c0:
                js = [m.get(k) for k in touched]
                if None in js or any(y != x + 1 for x, y in zip(js, js[1:])):
                    return None
                x, y = to_signed(c0, "start"), to_signed(c1, "end")
            else:
                x = y = to_signed(c0, "end")
            return None if x is None or y is None else (x, y)

        def sentence_range(op):
            _, i1, i2, _, _ = op
            touched = tokens_of(offsets[i1], offsets[i2])
            if not touched:
                return 0, 0
            return old_spans[old_sentences[touched[0]]][0], old_spans[old_sentences[touched[-1]]][1]

        groups: list[list] = []  # [first old token, end old token, ops]
        for op in changed:
            t0, t1 = sentence_range(op)
            if groups and (t0 < groups[-1][1] or (t0, t1) == (groups[-1][0], groups[-1][1])):
                groups[-1][1] = max(groups[-1][1], t1)
                groups[-1][2].append(op)
            else:
                groups.append([t0, t1, [op]])

        def intact(t0: int, t1: int) -> bool:
            words = [t for t in range(t0, t1) if old_tokens[t].strip()]
            if not old_tokens:
                return not text.strip()
            if any(t not in m for t in words):
                return False
            return all(not tok.strip() for x, y in zip(words, words[1:]) for tok in signed_tokens[m[x] + 1: m[y]])

        def a_index(c: int) -> int:
            """The index in ``a`` of the token starting at character ``c``."""
            return next((x for x, off in enumerate(offsets) if off >= c), len(a))

        def new_index(x: int, at_end: bool) -> int:
            for tag, i1, i2, j1, j2 in ops:
                if tag == "equal" and i1 <= x <= i2 and not (at_end and x == i2 and x < len(a)):
                    return j1 + (x - i1)
            for tag, i1, i2, j1, j2 in ops:
                if x == i1:
                    return j1
                if x == i2:
                    return j2
            return len(b) if at_end else 0

        def in_context(op) -> bool:
            """Whether the words either side of a change (the nearest ones, if any) are still in SIGNED:
            then the passage between them is counsel's rewording of it, which the new sentence replaces."""
            c0, c1 = offsets[op[1]], offsets[op[2]]
            before = [k for k in range(len(old_tokens)) if old_tokens[k].strip() and o_starts[k] + len(old_tokens[k]) <= c0]
            after = [k for k in range(len(old_tokens)) if old_tokens[k].strip() and o_starts[k] >= c1]
            return (not before or before[-1] in m) and (not after or after[0] in m)

        def segments(j1: int, j2: int):
            return [(fmt, rprs[fmt], tok) for fmt, tok in b[j1:j2]]

        def hint(i1: int):
            return a[min(i1, len(a) - 1)][0] if a else None

        def signed_sentences_of(t0: int, t1: int) -> tuple[int, int] | None:
            js = [m[t] for t in range(t0, t1) if t in m]
            if not js:
                return None
            first = signed_spans[signed_sentences[min(js)]][0]
            last = signed_spans[signed_sentences[max(js)]][1]
            return s_starts[first], s_starts[last - 1] + len(signed_tokens[last - 1])

        edits = []
        for t0, t1, gops in groups:
            c0 = o_starts[t0] if old_tokens else 0
            c1 = o_starts[t1 - 1] + len(old_tokens[t1 - 1]) if old_tokens and t1 > t0 else c0
            i0, i1 = a_index(c0), a_index(c1)
            new_of = (min([new_index(i0, False)] + [op[3] for op in gops]),
                      max([new_index(i1, True)] + [op[4] for op in gops]))
            said_old = old_text[c0:c1]
            said_new = "".join(tok for _, tok in b[new_of[0]:new_of[1]])
            spans = [span(op) for op in gops]
            around = signed_sentences_of(t0, t1)
            if all(s is not None for s in spans):
                for op, (x, y) in zip(gops, spans):
                    edits.append((x, y, segments(op[3], op[4]), hint(op[1])))
                if not intact(t0, t1):
                    says = text[around[0]:around[1]] if around else text
                    made = "; ".join(
                        f"{_quote(old_text[offsets[op[1]]:offsets[op[2]]].strip() or '(nothing)')} \u2192 "
                        f"{_quote(''.join(tok for _, tok in b[op[3]:op[4]]).strip() or '(nothing)')}" for op in gops)
                    record.note("conflict", f"the signed text says {_focus(says, said_old)}, where the previous draft "
                                            f"said {_focus(said_old, says)}; the new answers' change ({made}) is made "
                                            "on the signed wording")
                continue
            if around is None or not all(in_context(op) for op in gops):
                passage = " ".join(old_text[offsets[op[1]]:offsets[op[2]]].strip() for op in gops).strip()
                record.note("not applied", f"the signed text has nothing around {_quote(passage or said_old)} "
                                           f"(the previous draft's {_focus(said_old, said_new)}), so it is not "
                                           f"changed to {_focus(said_new, said_old)}")
                continue
            s0, s1 = around  # the signed sentences, with the spaces around them as the old passage has them
            if not said_old[-1:].isspace():
                while s1 > s0 and text[s1 - 1].isspace():
                    s1 -= 1
            if not said_old[:1].isspace():
                while s0 < s1 and text[s0].isspace():
                    s0 += 1
            words = segments(*new_of)
            if said_old[-1:].isspace() and not text[s0:s1][-1:].isspace():
                while words and not words[-1][2].strip():
                    words.pop()
            edits.append((s0, s1, words, hint(i0)))
            says = text[s0:s1]
            record.note("conflict", f"the signed text says {_focus(says, said_old)}, where the previous draft said "
                                    f"{_focus(said_old, says)}; the new answers' wording is proposed in its place: "
                                    f"{_focus(self.renamed(said_new, record), said_old)}")
        # Later edits first: the offsets of earlier ones stay true.
        for x, y, segs, hint_fmt in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            self._edit(signed_p, x, y, segs, hint_fmt, record)

    def _edit(self, p, x: int, y: int, segs, hint_fmt, record: _Record) -> None:
        """Strike characters [x, y) of ``p`` and insert ``segs`` (fmt, draft rPr, text) there."""
        _split_at(p, x)
        _split_at(p, y)
        text = _Text(p)
        doomed = text.runs_within(x, y) if y > x else []
        before = text.run_ending_at(x) if x > 0 else None
        after = text.run_starting_at(y)
        hint_run = doomed[0] if doomed else (before if before is not None else after)
        wrappers = self._wrap(doomed, DEL) if doomed else []
        if not segs:
            return
        ins = self.writer._mark(p, INS)
        merged: list[list] = []
        for fmt, rpr, tok in segs:
            if merged and merged[-1][0] == fmt:
                merged[-1][2] += tok
            else:
                merged.append([fmt, rpr, tok])
        for fmt, rpr, tok in merged:
            tok = self.renamed(tok, record)
            if hint_run is not None and fmt == hint_fmt:
                signed_rpr = hint_run.find(RPR)
            else:
                signed_rpr = self._signed_rpr(fmt, rpr)
            r = _sub(ins, R)
            if signed_rpr is not None:
                r.append(copy.deepcopy(signed_rpr))
            dr.add_text(r, tok)
        if wrappers:
            wrappers[-1].addnext(ins)
        elif before is not None:
            before.addnext(ins)
        elif after is not None:
            after.addprevious(ins)
        else:
            refs = [c for c in p if c.tag == R and c.find(CREF) is not None]
            if refs:
                refs[0].addprevious(ins)
            # else: it is already the last child of p
