"""simulate.endpoints: CSV and NDJSON endpoint files as Pinpoint imports them; bad rows reported, never fatal."""

from __future__ import annotations

import json

from cdk_pinpoint.simulate.endpoints import Problems, read_endpoints


def read(tmp_path, name: str, text: str) -> tuple[list[tuple[int, dict]], list[str], int]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    rows = list(read_endpoints(path, problems))
    prefix = f"{path}:"
    return rows, [str(p).removeprefix(prefix) for p in problems.first], problems.count


def test_csv_dotted_columns_build_the_endpoint_shape(tmp_path):
    rows, problems, _ = read(
        tmp_path,
        "e.csv",
        "Id,ChannelType,Address,OptOut,Demographic.Timezone,Location.Country,Location.Latitude,Location.Longitude,"
        "Attributes.City,Metrics.orders,User.UserId,User.UserAttributes.FirstName\n"
        "e1,EMAIL,a@example.com,NONE,Europe/Berlin,DE,52.52,13.405,Berlin,3,u1,Ann\n",
    )
    assert problems == []
    assert rows == [
        (
            2,
            {
                "Id": "e1",
                "ChannelType": "EMAIL",
                "Address": "a@example.com",
                "OptOut": "NONE",
                "Demographic": {"Timezone": "Europe/Berlin"},
                "Location": {"Country": "DE", "Latitude": 52.52, "Longitude": 13.405},
                "Attributes": {"City": ["Berlin"]},
                "Metrics": {"orders": 3.0},
                "User": {"UserId": "u1", "UserAttributes": {"FirstName": ["Ann"]}},
            },
        )
    ]


def test_csv_repeated_columns_are_several_values_and_quoted_cells_keep_commas_quotes_and_newlines(tmp_path):
    rows, problems, _ = read(
        tmp_path,
        "e.csv",
        "ChannelType,Address,Attributes.Interests,Attributes.Interests,User.UserAttributes.Note\n"
        'SMS,+1555,books,"music, jazz","She said ""hi""\nthen left"\n'
        "SMS,+1556,books,,\n",
    )
    assert problems == []
    assert rows[0][1]["Attributes"] == {"Interests": ["books", "music, jazz"]}
    assert rows[0][1]["User"] == {"UserAttributes": {"Note": ['She said "hi"\nthen left']}}
    # the second record starts on line 4: the quoted newline made record 1 span lines 2-3
    assert rows[1][0] == 4
    assert rows[1][1] == {"ChannelType": "SMS", "Address": "+1556", "Attributes": {"Interests": ["books"]}}


def test_csv_bad_rows_are_reported_with_line_and_reason_and_the_run_goes_on(tmp_path):
    rows, problems, count = read(
        tmp_path,
        "e.csv",
        "ChannelType,Address,Metrics.orders,Location.Latitude,Shoe.Size\n"
        "EMAIL,a@example.com,1,,42\n"
        "EMAIL,b@example.com\n"
        "FAX,c@example.com,1,,\n"
        ",d@example.com,1,,\n"
        "SMS,,1,,\n"
        "SMS,+1557,many,,\n"
        "SMS,+1558,1,north,\n"
        "SMS,+1559,2,,\n",
    )
    assert [line for line, _ in rows] == [2, 9]
    assert problems == [
        "1: column 5 'Shoe.Size' is not an endpoint field; ignored",
        "3: 2 fields, the header has 5",
        "4: ChannelType 'FAX' is not one of ADM, APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX, BAIDU, "
        "CUSTOM, EMAIL, GCM, IN_APP, PUSH, SMS, VOICE",
        "5: ChannelType is missing",
        "6: Address is missing",
        "7: Metrics.orders is 'many', not a number",
        "8: Location.Latitude is 'north', not a number",
    ]
    assert count == 7


def test_ndjson_lines_are_endpoint_objects_and_bad_lines_are_reported(tmp_path):
    good = {
        "Id": "e1",
        "ChannelType": "EMAIL",
        "Address": "a@example.com",
        "Attributes": {"Interests": ["books", "music"]},
        "User": {"UserAttributes": {"FirstName": ["Ann"]}},
        "Metrics": {"orders": 2},
    }
    lines = [
        json.dumps(good),
        "",
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"ChannelType": "EMAIL"}),
        json.dumps({**good, "Attributes": {"Interests": [1, 2]}}),
        json.dumps({**good, "Metrics": {"orders": "2"}}),
        json.dumps({**good, "Location": {"Latitude": "52"}}),
        json.dumps({**good, "Demographic": "ios"}),
        json.dumps({**good, "Demographic": {"Platform": ["ios"]}}),
        json.dumps({**good, "Location": {"Country": 49}}),
        json.dumps({**good, "Id": "e2", "Attributes": {"City": "Berlin"}}),
    ]
    rows, problems, count = read(tmp_path, "e.ndjson", "\n".join(lines) + "\n")
    assert [(line, e["Id"]) for line, e in rows] == [(1, "e1"), (12, "e2")]
    assert rows[0][1] == good
    assert problems == [
        "3: not JSON: Expecting property name enclosed in double quotes at column 2",
        "4: a line must hold one endpoint object, not list",
        "5: Address is missing",
        "6: Attributes.Interests must be a list of strings, not [1, 2]",
        "7: Metrics.orders is '2', not a number",
        "8: Location.Latitude is '52', not a number",
        "9: Demographic must be an object",
        "10: Demographic.Platform is ['ios'], not a string",
        "11: Location.Country is 49, not a string",
    ]
    assert count == 9


def test_the_format_is_chosen_by_extension_or_first_character(tmp_path):
    rows, _, _ = read(tmp_path, "endpoints.txt", '{"ChannelType": "SMS", "Address": "+1"}\n')
    assert rows == [(1, {"ChannelType": "SMS", "Address": "+1"})]
    rows, _, _ = read(tmp_path, "endpoints.dat", "ChannelType,Address\nSMS,+1\n")
    assert rows == [(2, {"ChannelType": "SMS", "Address": "+1"})]


def test_only_the_first_problems_are_kept_but_all_are_counted(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("ChannelType,Address\n" + "FAX,x\n" * 150)
    problems = Problems(keep=100)
    assert list(read_endpoints(path, problems)) == []
    assert problems.count == 150 and len(problems.first) == 100
