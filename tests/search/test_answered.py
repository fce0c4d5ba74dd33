"""A search the engine failed on its side (a node leaving mid-search) is sent once more; nothing else."""

from search.backends.engines import answered

LEFT = {"error": {"type": "search_phase_execution_exception", "phase": "fetch"}, "status": 500}
BAD_QUERY = {"error": {"type": "parsing_exception"}, "status": 400}


def engine(*rounds):
    """A fake msearch answering each call from the next round, and recording what it was sent."""
    sent, answers = [], list(rounds)

    def send(searches):
        sent.append(list(searches))
        return answers.pop(0)[: len(searches)]

    return send, sent


def test_only_the_searches_failed_on_the_engines_side_are_sent_again():
    send, sent = engine([{"hits": 1}, LEFT, BAD_QUERY], [{"hits": 2}])
    responses = answered(send, ["a", "b", "c"])
    assert responses == [{"hits": 1}, {"hits": 2}, BAD_QUERY]
    assert sent == [["a", "b", "c"], ["b"]]


def test_a_second_failure_is_returned_for_the_caller_to_fall_back():
    send, sent = engine([LEFT], [LEFT])
    assert answered(send, ["a"]) == [LEFT]
    assert len(sent) == 2


def test_answers_without_errors_are_sent_once():
    send, sent = engine([{"hits": 1}, {"hits": 2}])
    assert answered(send, ["a", "b"]) == [{"hits": 1}, {"hits": 2}]
    assert sent == [["a", "b"]]
