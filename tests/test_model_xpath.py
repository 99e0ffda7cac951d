"""``model.xpath`` compiles each expression once (issue 13's speed): the compiled expression is
cached by its text alone, and its result is always the one of the node and variables given."""

from __future__ import annotations

import copy

from lxml import etree

from pipeline import model


def test_a_compiled_expression_answers_for_each_node_and_variable(minimal_model):
    other = copy.deepcopy(minimal_model)
    first = model.xpath(other, "//a:p")[0]
    first.text = "changed"
    for _ in range(2):                  # the second time, from the cache
        assert not model.xpath(minimal_model, "string(//a:p)").startswith("changed")
        assert model.xpath(other, "string(//a:p)").startswith("changed")
        eids = model.xpath(minimal_model, "//@eId")
        assert eids
        for eid in eids[:3]:
            found = model.xpath(minimal_model, "//*[@eId=$e]", e=eid)
            assert [el.get("eId") for el in found] == [eid]
        assert model.xpath(first, "ancestor-or-self::a:p") == [first]
        assert model.xpath(first, "count(preceding::a:p)") == 0.0
    # Two expressions, two compiled objects; the same expression, one.
    assert model._xpath("//a:p") is model._xpath("//a:p")
    assert model._xpath("//a:p") is not model._xpath("//a:num")
    assert isinstance(model._xpath("//a:p"), etree.XPath)
