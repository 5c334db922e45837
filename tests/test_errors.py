import pytest

from ficlens.errors import Errors, InputError, Warnings


@pytest.mark.parametrize(
    "attr,code", [(Errors, "E001"), (Errors, "E033"), (Warnings, "W001")]
)
def test_errors_messages_carry_their_code(attr, code):
    msg = getattr(attr, code)
    assert msg.startswith(f"[{code}] ")


def test_errors_format_fields():
    msg = Errors.E001.format(path="x.txt")
    assert msg == "[E001] No such file: x.txt"
    with pytest.raises(InputError, match=r"\[E001\]"):
        raise InputError(msg)


def test_errors_codes_are_unique_across_classes():
    codes = [k for k in vars(Errors) if k[:1] == "E"] + [k for k in vars(Warnings) if k[:1] == "W"]
    assert len(codes) == len(set(codes))
