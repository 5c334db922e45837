import copy

import pytest

from ficlens.errors import DataError
from ficlens.schema import validate
from ficlens_testutil import check_analysis

pytestmark = pytest.mark.integration


def test_schema_example_analysis_validates(example_analysis, example_text):
    check_analysis(example_analysis.to_dict(), example_text)


@pytest.mark.parametrize(
    "path,value",
    [
        (("scenes", 0, "person"), "fourth"),
        (("characters", 0, "gender"), "m"),
        (("tags", "rating", "value"), "PG-13"),
        (("schema_version",), 2),
        (("quotes", 0, "confidence"), 1.5),
    ],
)
def test_schema_rejects_broken_fields(example_analysis, path, value):
    data = copy.deepcopy(example_analysis.to_dict())
    obj = data
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value
    with pytest.raises(DataError, match="E033"):
        validate(data)
