"""Cache entries as plain data: tagged JSON that can be read without running code.

A cache folder may be writable by someone other than the person building (a
shared output folder), so nothing read from it may execute: no pickle. An entry
is a header line and a JSON document whose values are ``None``, booleans,
numbers, text and a few tagged shapes — tuples, mappings (also read-only ones),
bytes, plain-Python tables (:class:`~rapport.columns.Columns`), NumPy scalars, pandas
frames and instances of the frozen record classes registered with :func:`cache_record`.
Decoding builds exactly those and nothing else; anything unexpected raises
:class:`CorruptEntry`, which callers treat as a missing entry (they rebuild it, and
the output bytes stay the same). NumPy and pandas are imported only to write or read
a value of theirs.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import sys
import types
from array import array
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PosixPath, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from .columns import Columns

if TYPE_CHECKING:
    import pandas as pd

HEADER = b"rapport-cache 1\n"
T = TypeVar("T")
_RECORDS: dict[str, type] = {}
_NUMERIC = frozenset("biuf")
_DTYPES = frozenset(
    {"object", "bool", "str", "string", "category"}
    | {f"{k}{b}" for k in ("int", "uint") for b in (8, 16, 32, 64)}
    | {"float32", "float64", "Int8", "Int16", "Int32", "Int64", "Float64", "boolean"}
)


class CorruptEntry(ValueError):
    """The bytes are not an entry this version wrote."""


def cache_record(cls: type[T]) -> type[T]:
    """Class decorator: instances of this frozen dataclass may be stored in a cache."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a dataclass")
    _RECORDS[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return cls


def encode(value: Any) -> bytes:
    """``value`` → entry bytes; :class:`TypeError` for a value the format cannot hold."""
    text = json.dumps(_enc(value), ensure_ascii=False, separators=(",", ":"))
    return HEADER + text.encode("utf-8")


def decode(data: bytes) -> Any:
    """Entry bytes → the value; :class:`CorruptEntry` for anything else."""
    if not data.startswith(HEADER):
        raise CorruptEntry("not a rapport cache entry")
    try:
        tree = json.loads(data[len(HEADER) :].decode("utf-8"))
        return _dec(tree)
    except CorruptEntry:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise CorruptEntry(str(exc)) from exc


# -- encoding ------------------------------------------------------------------
def _enc(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and type(value) in (int, float):
        return value
    encoder = _ENCODERS.get(type(value)) or _foreign_encoder(type(value))
    if encoder is not None:
        return encoder(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _enc_record(value)
    raise TypeError(f"a {type(value).__name__} cannot be stored in the cache")


def _foreign_encoder(kind: type) -> Callable[[Any], Any] | None:
    """The encoder of a NumPy scalar or pandas value (only these modules define them, so
    neither is imported for a value of another kind)."""
    module = kind.__module__.split(".")[0]
    if module == "numpy":
        import numpy as np

        if issubclass(kind, np.generic) and np.dtype(kind).kind in _NUMERIC | {"b"}:
            return _enc_number
    if module == "pandas":
        import pandas as pd

        pandas_encoders: dict[type, Callable[[Any], Any]] = {
            pd.DataFrame: _enc_frame,
            type(pd.NA): lambda v: {"A": 0},
        }
        return pandas_encoders.get(kind)
    return None


def _enc_number(value: Any) -> dict[str, Any]:
    return {"n": [value.dtype.str, value.item()]}


def _enc_columns(table: Columns) -> dict[str, Any]:
    return {"C": [list(table.names), list(table.dtypes), [_enc_values(c) for c in table.data]]}


def _enc_values(values: tuple[Any, ...]) -> Any:
    """A table column: its values; or, for a longer column, packed — numbers as
    little-endian binary in base64 ("f" doubles, "i" integers in the narrowest of
    1, 2, 4 or 8 bytes: exact to the bit, and written and read without a decimal
    formatted or parsed per value), text with few distinct values (indicator and group
    names) as those values and each row's place among them ("k", "p" packed likewise)."""
    if len(values) < 16:
        return list(values)
    kinds = set(map(type, values))
    if kinds == {float}:
        return {"f": _packed("d", values)}
    if kinds == {int}:
        code = _int_code(min(values), max(values))
        return {"i": _packed(code, values)} if code else list(values)
    if kinds == {str}:
        keys = list(dict.fromkeys(values))
        if 4 * len(keys) <= len(values):
            place = {key: i for i, key in enumerate(keys)}
            places = list(map(place.__getitem__, values))
            return {"k": keys, "p": _packed(_int_code(0, len(keys)) or "q", places)}
    return list(values)


_INT_CODES: tuple[tuple[str, int, int], ...] = (
    ("B", 0, 2**8 - 1),
    ("H", 0, 2**16 - 1),
    ("i", -(2**31), 2**31 - 1),
    ("q", -(2**63), 2**63 - 1),
)
_PACKED = frozenset({"d", "B", "H", "i", "q"})
"""The array type codes a packed column may name (their sizes are the same everywhere)."""


def _int_code(low: int, high: int) -> str | None:
    """The narrowest array type code holding ``low`` to ``high``; None if none does."""
    return next((code for code, lo, hi in _INT_CODES if lo <= low and high <= hi), None)


def _packed(code: str, values: Any) -> list[str]:
    numbers = array(code, values)
    if sys.byteorder == "big":
        numbers.byteswap()
    return [code, base64.b64encode(numbers.tobytes()).decode("ascii")]


def _pairs(mapping: Mapping[Any, Any]) -> list[list[Any]]:
    return [[_enc(k), _enc(v)] for k, v in mapping.items()]


def _enc_record(value: Any) -> dict[str, Any]:
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    if _RECORDS.get(name) is not type(value):
        raise TypeError(f"{name} is not registered as a cache record")
    record: Any = value  # a registered dataclass instance
    fields = [[f.name, _enc(getattr(record, f.name))] for f in dataclasses.fields(record)]
    return {"r": name, "f": fields}


def _enc_frame(frame: pd.DataFrame) -> dict[str, Any]:
    import pandas as pd

    if isinstance(frame.columns, pd.MultiIndex) or isinstance(frame.index, pd.MultiIndex):
        raise TypeError("frames with a MultiIndex are not cached")
    columns = [_enc_column(frame.iloc[:, i]) for i in range(frame.shape[1])]
    return {
        "F": {
            "columns": _enc(list(frame.columns)),
            "columns_name": _enc(frame.columns.name),
            "index": _enc_index(frame.index),
            "data": columns,
        }
    }


def _enc_index(index: pd.Index) -> Any:
    import pandas as pd

    if isinstance(index, pd.RangeIndex):
        return {"range": [index.start, index.stop, index.step], "name": _enc(index.name)}
    return {"values": _enc_column(index.to_series()), "name": _enc(index.name)}


def _enc_column(series: pd.Series) -> dict[str, Any]:
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return {
            "dtype": "category",
            "categories": _enc_column(pd.Series(dtype.categories)),
            "ordered": bool(dtype.ordered),
            "codes": series.cat.codes.astype("int64").tolist(),
        }
    name = str(dtype)
    if name not in _DTYPES:
        raise TypeError(f"columns of type {name} are not cached")
    if dtype.kind in _NUMERIC | {"b"} and isinstance(dtype, np.dtype):
        return {"dtype": name, "values": series.tolist()}
    values = series.astype(object).tolist()
    if name in ("str", "string") and _plain_text(values):
        return {"dtype": name, "values": values}  # text and NaN: JSON as they are
    return {"dtype": name, "values": [_enc(v) for v in values]}


def _plain_text(values: list[Any]) -> bool:
    return {type(v) for v in values} <= {str, float}


def _scalars(values: list[Any]) -> bool:
    """JSON gave plain scalars only (no tagged values to decode)."""
    return {type(v) for v in values} <= {str, float, int, bool, type(None)}


_ENCODERS: dict[type, Callable[[Any], Any]] = {
    list: lambda v: [_enc(x) for x in v],
    tuple: lambda v: {"t": [_enc(x) for x in v]},
    dict: lambda v: {"d": _pairs(v)},
    types.MappingProxyType: lambda v: {"m": _pairs(v)},
    bytes: lambda v: {"b": base64.b64encode(v).decode("ascii")},
    Columns: _enc_columns,
    PosixPath: lambda v: {"p": str(v)},
    PurePosixPath: lambda v: {"p": str(v)},
}


# -- decoding ------------------------------------------------------------------
def _dec(tree: Any) -> Any:
    if tree is None or isinstance(tree, (bool, int, float, str)):
        return tree
    if isinstance(tree, list):
        return [_dec(x) for x in tree]
    if not isinstance(tree, dict) or len(tree) not in (1, 2):
        raise CorruptEntry("unexpected shape")
    tag = next(iter(tree))
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise CorruptEntry(f"unknown tag {tag!r}")
    return decoder(tree)


def _dec_pairs(pairs: Any) -> dict[Any, Any]:
    if not isinstance(pairs, list):
        raise CorruptEntry("mapping is not a list of pairs")
    return {_hashable(_dec(k)): _dec(v) for k, v in pairs}


def _hashable(key: Any) -> Any:
    hash(key)
    return key


def _dec_number(tree: dict[str, Any]) -> Any:
    import numpy as np

    dtype = np.dtype(str(tree["n"][0]))
    if dtype.kind not in _NUMERIC | {"b"}:
        raise CorruptEntry(f"number of type {dtype}")
    return dtype.type(tree["n"][1])


def _dec_record(tree: dict[str, Any]) -> Any:
    cls = _RECORDS.get(str(tree["r"]))
    if cls is None:
        raise CorruptEntry(f"unknown record {tree['r']!r}")
    fields = {str(name): _dec(value) for name, value in tree["f"]}
    return cls(**fields)


def _dec_columns(tree: dict[str, Any]) -> Columns:
    names, dtypes, data = tree["C"]
    if not (isinstance(names, list) and isinstance(dtypes, list) and isinstance(data, list)):
        raise CorruptEntry("table parts are not lists")
    return Columns(tuple(names), tuple(dtypes), tuple(_dec_values(c) for c in data))


def _dec_values(tree: Any) -> tuple[Any, ...]:
    if isinstance(tree, list):
        return tuple(tree)
    shape = set(tree) if isinstance(tree, dict) else None
    if shape in ({"f"}, {"i"}):
        (tag,) = shape
        return tuple(_unpacked(tree[tag], float if tag == "f" else int))
    if shape == {"k", "p"}:
        return _dec_coded(tree["k"], _unpacked(tree["p"], int))
    if shape == {"k", "i"}:  # as rapport wrote coded text before packing the places
        places = tree["i"]
        if not isinstance(places, list) or not set(map(type, places)) <= {int}:
            raise CorruptEntry("coded text without a list of places")
        return _dec_coded(tree["k"], places)
    raise CorruptEntry("a table column is neither a list, numbers nor coded text")


def _dec_coded(keys: Any, places: Sequence[int]) -> tuple[str, ...]:
    if not isinstance(keys, list) or not all(type(k) is str for k in keys):
        raise CorruptEntry("coded text without a list of texts")
    if places and (min(places) < 0 or max(places) >= len(keys)):
        raise CorruptEntry("coded text points outside its texts")
    return tuple(map(keys.__getitem__, places))


def _unpacked(packed: Any, kind: type) -> array[Any]:
    """The numbers of a packed column, of ``kind`` (float or int)."""
    if not (isinstance(packed, list) and len(packed) == 2 and packed[0] in _PACKED):
        raise CorruptEntry("packed numbers without a known type")
    code, text = packed
    if (code == "d") != (kind is float) or not isinstance(text, str):
        raise CorruptEntry("packed numbers of the wrong kind")
    raw = base64.b64decode(text, validate=True)
    numbers = array(code)
    if len(raw) % numbers.itemsize:
        raise CorruptEntry("packed numbers of a broken length")
    numbers.frombytes(raw)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _dec_frame(tree: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    body = tree["F"]
    labels = _dec(body["columns"])
    data = [_dec_column(c) for c in body["data"]]
    if not isinstance(labels, list) or len(labels) != len(data):
        raise CorruptEntry("frame columns do not match their data")
    index = _dec_index(body["index"])
    columns = {
        i: pd.Series(d, index=index, dtype=object if _is_object(d) else None, copy=False)
        for i, d in enumerate(data)
    }
    frame = pd.DataFrame(columns, index=index)
    frame.columns = pd.Index(labels, dtype=object if not labels else None)
    frame.columns.name = _dec(body["columns_name"])
    return frame


def _is_object(values: Any) -> bool:
    import numpy as np

    return isinstance(values, np.ndarray) and values.dtype == object


def _dec_index(tree: Any) -> pd.Index:
    import pandas as pd

    if "range" in tree:
        start, stop, step = (int(x) for x in tree["range"])
        return pd.RangeIndex(start, stop, step, name=_dec(tree["name"]))
    values = _dec_column(tree["values"])
    return pd.Index(values, name=_dec(tree["name"]), dtype=object if _is_object(values) else None)


def _dec_column(tree: Any) -> Any:
    import numpy as np
    import pandas as pd

    name = str(tree["dtype"])
    if name not in _DTYPES:
        raise CorruptEntry(f"column of type {name}")
    if name == "category":
        categories = pd.Index(_dec_column(tree["categories"]))
        codes = np.asarray(tree["codes"], dtype="int64")
        return pd.Categorical.from_codes(codes, categories, ordered=bool(tree["ordered"]))
    values = tree["values"]
    if not isinstance(values, list):
        raise CorruptEntry("column values are not a list")
    if name == "object":
        array = np.empty(len(values), dtype=object)
        array[:] = values if _scalars(values) else [_dec(v) for v in values]
        return array
    if name in ("str", "string") and _plain_text(values):
        return pd.array(values, dtype=name)
    if name in ("str", "string", "Int8", "Int16", "Int32", "Int64", "Float64", "boolean"):
        return pd.array([_dec(v) for v in values], dtype=name)
    return np.asarray(values, dtype=name)


_DECODERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "t": lambda t: tuple(_dec(x) for x in t["t"]),
    "d": lambda t: _dec_pairs(t["d"]),
    "m": lambda t: types.MappingProxyType(_dec_pairs(t["m"])),
    "b": lambda t: base64.b64decode(str(t["b"]), validate=True),
    "n": _dec_number,
    "r": _dec_record,
    "C": _dec_columns,
    "F": _dec_frame,
    "p": lambda t: Path(str(t["p"])),
    "A": lambda t: _pandas_na(),
}


def _pandas_na() -> Any:
    import pandas as pd

    return pd.NA
