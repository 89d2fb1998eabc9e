from poker.deck import Card, outcome


def cards(*pairs):
    return [Card(voter, card) for voter, card in pairs]


def test_it_suggests_the_most_voted_of_two_neighbouring_values():
    result = outcome(cards(("ann", "3"), ("bob", "5"), ("cy", "5")))
    assert result.suggestion == 5
    assert not result.explain


def test_it_breaks_a_tie_towards_the_higher_value():
    assert outcome(cards(("ann", "3"), ("bob", "5"))).suggestion == 5


def test_it_asks_the_extremes_to_explain_when_votes_are_far_apart():
    result = outcome(cards(("Ann", "2"), ("Bob", "13"), ("Cy", "5")))
    assert result.suggestion is None
    assert result.explain == "Ann (2) and Bob (13) explain"


def test_coffee_does_not_count():
    result = outcome(cards(("ann", "8"), ("bob", "coffee")))
    assert result.suggestion == 8
    assert (result.minimum, result.maximum, result.median, result.average) == (8, 8, 8.0, 8.0)
    assert result.distribution == [("8", 1), ("coffee", 1)]
    assert not result.needs_detail


def test_infinity_or_question_marks_the_item_needs_detail():
    assert outcome(cards(("ann", "5"), ("bob", "infinity"))).needs_detail
    assert outcome(cards(("ann", "?"))).needs_detail


def test_it_computes_the_statistics():
    result = outcome(cards(("a", "1"), ("b", "2"), ("c", "3"), ("d", "8")))
    assert (result.minimum, result.maximum, result.median, result.average) == (1, 8, 2.5, 3.5)
    assert result.distribution == [("1", 1), ("2", 1), ("3", 1), ("8", 1)]


def test_no_numeric_votes_give_no_suggestion():
    result = outcome(cards(("a", "coffee"), ("b", "?")))
    assert result.suggestion is None
    assert result.minimum is None
    assert not result.explain


def test_a_lone_number_among_cannot_estimate_cards_suggests_nothing():
    result = outcome(cards(("ann", "13"), ("bob", "?"), ("cy", "infinity")))
    assert result.suggestion is None
    assert result.needs_detail


def test_numbers_that_are_the_majority_of_what_was_said_still_suggest():
    result = outcome(cards(("ann", "5"), ("bob", "5"), ("cy", "?"), ("dee", "coffee"), ("eve", "coffee")))
    assert result.suggestion == 5
    assert result.needs_detail
