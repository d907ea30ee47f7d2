"""Every template render runs within a time and size budget (mou_wizard/templating/limits.py): a clause
that loops, recurses or grows without end stops with one plain error, never a hang or a crash."""

from __future__ import annotations

import time

import pytest

from mou_wizard import templating
from mou_wizard.templating import limits
from mou_wizard.templating.limits import RenderLimitError

SLOW = {  # run until the deadline (each loop turn, call or filter ticks the budget)
    "nested ranges": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "doubling macro": "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "silent doubling macro": "{% macro f(n) %}{% if n %}{% set a = f(n-1) %}{% set b = f(n-1) %}{% endif %}"
                             "{% endmacro %}{{ f(40) }}",
    "loops over long text": "{% for c in 'a' * 100000 %}{% for d in 'a' * 100000 %}{% endfor %}{% endfor %}",
    "filters over ranges": "{{ ([range(100000)] * 1000) | map('list') | map('sum') | sum }}",
}
REFUSED = {  # refused before (or as soon as) the value grows: each with the words of its error
    "lipsum(10**6)": ("{{ lipsum(10**6) }}", "'lipsum' is undefined"),
    "'a'*10**10": ("{{ 'a' * 10**10 }}", "a repeated value would be longer than 1,000,000 characters"),
    "'a'*10000000000": ("{{ 'a' * 10000000000 }}", "a repeated value would be longer than 1,000,000 characters"),
    "[1]*10**9": ("{{ ([1] * 10**9) | length }}", "a repeated value would be longer"),
    "1/0": ("{{ 1/0 }}", "it divides by zero"),
    "1//0": ("{{ 1//0 }}", "it divides by zero"),
    "10**(10**10)": ("{{ 10**(10**10) }}", "a number in it is too large"),
    "float overflow": ("{{ (1e308 * 10) | int }}", "a number in it is too large"),
    "recursive macro": ("{% macro f(n) %}{{ f(n+1) }}{% endmacro %}{{ f(0) }}", "it calls itself too deeply"),
    "recursive loop": ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "it calls itself too deeply"),
    "namespace doubling": ("{% set ns = namespace(s='ab') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}"
                           "{% endfor %}{{ ns.s | length }}", "the namespace value 's' would be longer"),
    "number squaring": ("{% set ns = namespace(x=3) %}{% for i in range(100) %}{% set ns.x = ns.x * ns.x %}"
                        "{% endfor %}", "a number in it is too large"),
    "long output": ("{% for i in range(100000) %}{% for j in range(10) %}xxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
                    "the text would be longer than 1,000,000 characters"),
    "center": ("{{ 'a' | center(1000000000) }}", "the number 1000000000 is too large"),
    "batch": ("{{ [1] | batch(1000000000, 'x') | list }}", "the number 1000000000 is too large"),
    "printf width": ("{{ '%999999999d' | format(1) }}", "the formatted text would be longer"),
    "printf operator": ("{{ '%999999999d' % 1 }}", "the formatted text would be longer"),
    "join": ("{{ (['x' * 100000] * 1000) | join }}", "the result of 'join' would be longer"),
    "str.join": ("{{ ('x' * 100000).join(['a'] * 1000) }}", "the result of 'join' would be longer"),
    "replace": ("{{ ('a' * 100000) | replace('a', 'bbbbbbbbbbbbbbbbbbbbbb') }}", "the result of 'replace'"),
    "indent": ("{{ ('\n' * 900000) | indent('xxxxxxxxxx') }}", "the result of 'indent' would be longer"),
    "wordwrap": ("{{ ('a ' * 400000) | wordwrap(1, wrapstring='xxxxxxxxxxxxxx') }}", "the result of 'wordwrap'"),
    "ljust": ("{{ 'a'.ljust(5) }}", "'ljust' is not allowed in clause text"),
    "str.format": ("{{ '{:>999999999}'.format(1) }}", "'format' is not allowed in clause text"),
    "range too long": ("{{ range(10**6) | list | length }}", "range() would make 1,000,000 numbers"),
    "include": ("{% include 'x.yaml' %}", "no loader"),
}


def render(source: str) -> str:
    return templating.compile_template(source).render()


@pytest.mark.parametrize("source", list(SLOW.values()), ids=list(SLOW))
def test_a_render_that_would_run_for_ever_stops_at_the_deadline(source, monkeypatch):
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.1)  # (the limit itself is shortened to keep the test quick)
    start = time.monotonic()
    with pytest.raises(RenderLimitError, match="it ran for more than 0.1 seconds"):
        render(source)
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("source, words", list(REFUSED.values()), ids=list(REFUSED))
def test_a_render_that_would_crash_or_fill_the_memory_gives_one_template_error(source, words):
    start = time.monotonic()
    with pytest.raises(templating.TemplateErrors) as caught:
        render(source)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)
    assert time.monotonic() - start < 5


def test_thirty_nested_loops_are_a_template_error_not_a_python_syntax_error():
    source = "{% for i in [1] %}" * 30 + "x" + "{% endfor %}" * 30
    with pytest.raises(templating.TemplateErrors, match="nested too deeply"):
        templating.compile_template(source)


def test_a_template_over_its_limit_fails_at_once_the_next_time(monkeypatch):
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.1)
    tpl = templating.compile_template(SLOW["nested ranges"])
    with pytest.raises(limits.TimeLimitError):
        tpl.render()
    start = time.monotonic()
    with pytest.raises(limits.TimeLimitError, match="it ran for more than 0.1 seconds"):
        tpl.render()
    assert time.monotonic() - start < 0.1


def test_conditions_run_within_the_limits_too(monkeypatch):
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.1)
    slow = templating.compile_condition("(([range(100000)] * 100000) | map('sum') | sum) > 0")
    with pytest.raises(RenderLimitError, match="it ran for more than"):
        slow()
    with pytest.raises(RenderLimitError, match="it divides by zero"):
        templating.compile_condition("1 / 0 > 1")()


LEGAL = {
    "loop variables": ("{% for i in range(3) %}{{ loop.index }}/{{ loop.length }}{% if loop.last %}!{% endif %}"
                       "{% endfor %}", "1/32/33/3!"),
    "for-else": ("{% for i in [] %}x{% else %}none{% endfor %}", "none"),
    "revindex": ("{% for g in ['a', 'b', 'c'] %}{{ g }}{{ '.' if loop.last else (';' if loop.revindex == 2 else ',') }}"
                 "{% endfor %}", "a,b;c."),
    "filtered loop": ("{% for i in range(10) if i is even %}{{ i }}{% endfor %}", "02468"),
    "recursive loop": ("{% for x in [[1, [2]], 3] recursive %}{% if x is iterable %}{{ loop(x) }}{% else %}{{ x }}"
                       "{% endif %}{% endfor %}", "123"),
    "namespace": ("{% set ns = namespace(n=0) %}{% for i in range(5) %}{% set ns.n = ns.n + i %}{% endfor %}"
                  "{{ ns.n }}", "10"),
    "macro": ("{% macro hello(n) %}hi {{ n }}{% endmacro %}{{ hello('there') }}", "hi there"),
    "arithmetic": ("{{ 2 ** 10 }} {{ 7 * 6 }} {{ 'ab' * 3 }} {{ 10 % 3 }} {{ '%05d' % 42 }}", "1024 42 ababab 1 00042"),
    "join and replace": ("{{ ['a', 'b'] | join(', ') }} {{ 'a-b' | replace('-', '+') }} {{ ', '.join(['x', 'y']) }}",
                         "a, b a+b x, y"),
    "a large but legal text": ("{{ 'x' * 500000 }}", "x" * 500000),
    "large amounts": ("{% macro money(n) %}{{ n }}{% endmacro %}{{ money(2500000) }} {{ '%d' % 2500000 }} "
                      "{{ missing | default(2500000) }} {{ 2500000 | dollars }}",
                      "2500000 2500000 2500000 two million five hundred thousand dollars ($2,500,000)"),
}


@pytest.mark.parametrize("source, want", list(LEGAL.values()), ids=list(LEGAL))
def test_ordinary_templates_render_as_before(source, want):
    assert render(source).replace("\\", "") == want


def test_the_limits_apply_on_every_thread():
    import threading

    errors = []

    def work():
        try:
            render("{{ 1/0 }}")
        except templating.TemplateErrors as e:
            errors.append(str(e))

    t = threading.Thread(target=work)
    t.start()
    t.join(10)
    assert errors == ["it divides by zero"]
