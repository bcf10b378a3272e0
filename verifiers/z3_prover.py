"""Contracts proved with z3: a function of a small Python subset and its `Requires:`/`Ensures:` lines, turned
into one SMT query whose answer is the verdict.

The subset: `int` and `bool` parameters (and `len()` of `str`/`list` ones), arithmetic with Python's own `//`
and `%` (floor division, the remainder's sign from the divisor), comparisons and their chains, `and`/`or`/`not`,
conditional expressions, if/elif/else, early returns, local assignment, `min`/`max`/`abs`, membership in a
literal tuple, and `for` loops over `range(...)` unrolled as often as `Requires` allows (at most `max_unroll`).
Anything else is `unknown` with the reason, never a guess. Division or modulo by zero and falling off the end
of the function are failures like a broken `Ensures`.

z3 decides within a resource limit (`rlimit`), which counts solver steps rather than seconds: the same
query gets the same verdict on every machine.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

import z3

from aic.ir.pyast import parse_eval
from aic.verifiers.budgets import RLIMIT

MAX_UNROLL = 64
MINIMISE_CHECKS = 48  # questions to z3 when making a counterexample the smallest (see _smallest)


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str  # "proved" | "refuted" | "unknown"
    reason: str = ""  # unknown: why; refuted: the failing clause
    inputs: tuple[tuple[str, int | bool], ...] = ()  # refuted: the counterexample's arguments
    method: str = "z3"


class Unsupported(Exception):
    """Outside the subset the prover translates; the message says what."""


def prove(function: ast.FunctionDef, requires: list[str], ensures: list[str], rlimit: int = RLIMIT) -> Verdict:
    try:
        query = _Query(function, rlimit)
        return query.decide(requires, ensures)
    except Unsupported as err:
        return Verdict("unknown", str(err))
    except SyntaxError as err:
        return Verdict("unknown", f"a contract is not a Python expression: {err.msg}")


class _Query:
    def __init__(self, function: ast.FunctionDef, rlimit: int) -> None:
        # A context of its own per proof: z3's choice of model depends on what its context saw before, and a
        # counterexample must not depend on which functions were checked earlier in the same process.
        self.ctx = z3.Context()
        self.function = function
        self.rlimit = rlimit
        self.params: dict[str, Any] = {}
        self.lengths: dict[str, Any] = {}  # str/list parameter -> its length
        self.failures: list[tuple[Any, str]] = []  # (condition under which it fails, what fails)
        self.requires: list[Any] = []
        for arg in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]:
            self.params[arg.arg] = self._symbol(arg.arg, arg.annotation)
        if function.args.vararg or function.args.kwarg:
            raise Unsupported("*args or **kwargs")

    def _symbol(self, name: str, annotation: ast.expr | None) -> Any:
        kind = ast.unparse(annotation) if annotation is not None else ""
        if kind == "int":
            return z3.Int(name, self.ctx)
        if kind == "bool":
            return z3.Bool(name, self.ctx)
        if kind == "str" or kind.startswith("list["):
            length = z3.Int(f"len({name})", self.ctx)
            self.lengths[name] = length
            self.requires.append(length >= 0)
            return _Sized(name, length)
        raise Unsupported(f"parameter `{name}: {kind or '?'}` (only int, bool, and str/list lengths)")

    def decide(self, requires: list[str], ensures: list[str]) -> Verdict:
        env = dict(self.params)
        for text in requires:
            self.requires.append(self._bool(_Eval(self, env, z3.BoolVal(True, self.ctx)).expr(_parse(text)), text))
        self._requires_env = env
        result, alive = self._body()
        self.failures.append((alive, "the function ends without returning a value"))
        after = {**self.params, "result": result}
        for text in ensures:
            clause = self._bool(_Eval(self, after, z3.BoolVal(True, self.ctx)).expr(_parse(text)), text)
            self.failures.append((z3.Not(clause), f"Ensures: {text}"))
        solver = z3.Solver(ctx=self.ctx)
        solver.set("rlimit", self.rlimit)
        solver.add(*self.requires)
        solver.add(z3.Or(*[condition for condition, _ in self.failures]))
        answer = solver.check()
        if answer == z3.unsat:
            return Verdict("proved")
        if answer != z3.sat:
            return Verdict("unknown", f"z3 gave up within its resource limit ({solver.reason_unknown()})")
        model = self._smallest(solver, solver.model())
        failed = next(what for condition, what in self.failures if z3.is_true(model.eval(condition, True)))
        return Verdict("refuted", failed, self._inputs(model))

    def _smallest(self, solver: Any, model: Any) -> Any:
        """The counterexample of the smallest values, parameter by parameter in order (the least |n|, then n >= 0
        before n < 0; False before True). Which model z3 finds first changes with the process's memory layout
        (seen in one process and not another with the same query), and a reported counterexample, which a repair
        prompt quotes, must not; the smallest is also the easiest to read. Each step asks z3 within a share of
        the resource limit, at most MINIMISE_CHECKS questions in all; where z3 gives up, the values not fixed
        yet stay those of the last model it found."""
        if any(isinstance(symbol, _Sized) for symbol in self.params.values()):
            return model  # not reported (see _inputs)
        solver.set("rlimit", max(self.rlimit // 8, 1))
        asked = [0]

        def holds(*conditions: Any) -> bool | None:
            """True or False; None once z3 gave up or the questions ran out (then minimising stops)."""
            if asked[0] >= MINIMISE_CHECKS:
                return None
            asked[0] += 1
            answer = _check(solver, *conditions)
            return None if answer == z3.unknown else answer == z3.sat

        for symbol in self.params.values():
            if z3.is_bool(symbol):
                options = [z3.BoolVal(False, self.ctx), z3.BoolVal(True, self.ctx)]
            else:
                low, high = 0, abs(model.eval(symbol, True).as_long())  # |n| <= high has a model: the last one
                while low < high:
                    middle = (low + high) // 2
                    inside = holds(symbol >= -middle, symbol <= middle)
                    if inside is None:
                        return model
                    low, high = (low, middle) if inside else (middle + 1, high)
                options = [z3.IntVal(low, self.ctx), z3.IntVal(-low, self.ctx)]
            for value in options:
                answer = holds(symbol == value)
                if answer is None:
                    return model
                if answer:
                    solver.add(symbol == value)
                    break
            if solver.check() != z3.sat:
                return model
            model = solver.model()  # the next parameter's bound comes from a model with this one fixed
        return model

    def _inputs(self, model: Any) -> tuple[tuple[str, int | bool], ...]:
        values: list[tuple[str, int | bool]] = []
        for name, symbol in self.params.items():
            if isinstance(symbol, _Sized):
                raise Unsupported("a counterexample over a str/list parameter (only its length is known)")
            value = model.eval(symbol, True)
            values.append((name, z3.is_true(value) if z3.is_bool(value) else value.as_long()))
        return tuple(values)

    def _body(self) -> tuple[Any, Any]:
        evaluator = _Eval(self, dict(self.params), z3.BoolVal(True, self.ctx))
        returns = evaluator.block(self.function.body)
        if not returns:
            raise Unsupported("a function with no return statement")
        result = returns[-1][1]
        for condition, value in reversed(returns[:-1]):
            if value.sort() != result.sort():
                raise Unsupported("return values of different types")
            result = z3.If(condition, value, result)
        return result, evaluator.alive

    @staticmethod
    def _bool(value: Any, text: str) -> Any:
        if not z3.is_bool(value):
            raise Unsupported(f"the contract `{text}` is not a boolean expression")
        return value


def _check(solver: Any, *conditions: Any) -> Any:
    """z3's answer on the solver's assertions and `conditions` (sat, unsat or unknown), the solver left as it was."""
    solver.push()
    try:
        solver.add(*conditions)
        return solver.check()
    finally:
        solver.pop()


@dataclass(frozen=True, slots=True)
class _Sized:
    """A str or list parameter: only its length takes part."""

    name: str
    length: Any


def _parse(text: str) -> ast.expr:
    return parse_eval(text.strip()).body


class _Eval:
    """Symbolic execution of statements under the condition `alive` (no return has happened yet)."""

    def __init__(self, query: _Query, env: dict[str, Any], alive: Any) -> None:
        self.query, self.env, self.alive = query, env, alive
        self.returns: list[tuple[Any, Any]] = []  # (path condition, value)

    def block(self, body: list[ast.stmt]) -> list[tuple[Any, Any]]:
        for statement in body:
            self.statement(statement)
        return self.returns

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return  # the docstring
        if isinstance(node, ast.Pass):
            return
        if isinstance(node, ast.Return):
            value = self.expr(node.value) if node.value is not None else None
            if value is None:
                raise Unsupported("`return` without a value")
            self.returns.append((self.alive, value))
            self.alive = z3.BoolVal(False, self.query.ctx)
            return
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self.env[node.targets[0].id] = self._guarded(self.expr(node.value), node.targets[0].id)
            return
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            self.env[node.target.id] = self._guarded(self.expr(node.value), node.target.id)
            return
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            current = self.name(node.target.id)
            self.env[node.target.id] = self._binop(node.op, current, self.expr(node.value))
            return
        if isinstance(node, ast.If):
            self._if(node)
            return
        if isinstance(node, ast.For):
            self._for(node)
            return
        raise Unsupported(f"the statement `{ast.unparse(node).splitlines()[0]}`")

    def _guarded(self, value: Any, name: str) -> Any:
        # A variable assigned only on paths that already returned keeps its old value on the others.
        old = self.env.get(name)
        if old is None or isinstance(old, _Sized) or old.sort() != value.sort():
            return value
        return z3.If(self.alive, value, old)

    def _if(self, node: ast.If) -> None:
        test = self.truth(self.expr(node.test))
        branches = []
        for condition, body in ((test, node.body), (z3.Not(test), node.orelse)):
            inner = _Eval(self.query, dict(self.env), z3.And(self.alive, condition))
            inner.block(body)
            self.returns.extend(inner.returns)
            branches.append(inner)
        then, other = branches
        merged: dict[str, Any] = {}
        for name in set(then.env) | set(other.env):
            if name not in then.env or name not in other.env:
                merged[name] = then.env.get(name, other.env.get(name))  # new on one path: only used there
                continue
            a, b = then.env[name], other.env[name]
            merged[name] = a if a is b else z3.If(test, a, b)
        self.env = merged
        self.alive = z3.Or(then.alive, other.alive)

    def _for(self, node: ast.For) -> None:
        if node.orelse or not isinstance(node.target, ast.Name):
            raise Unsupported("a for loop with else or a complex target")
        if any(isinstance(n, ast.Break | ast.Continue) for n in ast.walk(node)):
            raise Unsupported("break or continue")
        start, stop, step = self._range(node.iter)
        count = self._bound(start, stop, step)
        for index in range(count):
            value = start + index * step
            condition = value < stop
            inner = _Eval(self.query, {**self.env, node.target.id: value}, z3.And(self.alive, condition))
            inner.block(node.body)
            self.returns.extend(inner.returns)
            for name, new in inner.env.items():
                old = self.env.get(name)
                self.env[name] = new if old is None or new is old else z3.If(condition, new, old)
            self.alive = z3.If(condition, inner.alive, self.alive)

    def _range(self, node: ast.expr) -> tuple[Any, Any, int]:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"):
            raise Unsupported("a for loop over something other than range(...)")
        args = [self.expr(a) for a in node.args]
        if len(args) == 1:
            return z3.IntVal(0, self.query.ctx), args[0], 1
        step = 1
        if len(args) == 3:
            if not (isinstance(node.args[2], ast.Constant) and isinstance(node.args[2].value, int)):
                raise Unsupported("a range step that is not a positive constant")
            step = node.args[2].value
            if step <= 0:
                raise Unsupported("a range step that is not a positive constant")
        return args[0], args[1], step

    def _bound(self, start: Any, stop: Any, step: int) -> int:
        """The most iterations any input meeting `Requires` makes, if it is at most MAX_UNROLL."""

        def bounded(count: int) -> bool:
            solver = z3.Solver(ctx=self.query.ctx)
            solver.set("rlimit", self.query.rlimit)
            solver.add(*self.query.requires, self.alive, stop - start > count * step)
            return bool(solver.check() == z3.unsat)

        if not bounded(MAX_UNROLL):
            raise Unsupported(f"a loop that `Requires` does not bound to {MAX_UNROLL} iterations")
        low, high = 0, MAX_UNROLL  # the smallest bound that holds, by bisection
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if bounded(middle) else (middle + 1, high)
        return low

    def name(self, name: str) -> Any:
        if name not in self.env:
            raise Unsupported(f"the name `{name}`")
        value = self.env[name]
        if isinstance(value, _Sized):
            raise Unsupported(f"`{name}` used other than through len()")
        return value

    def truth(self, value: Any) -> Any:
        return value if z3.is_bool(value) else value != 0

    def expr(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return z3.BoolVal(node.value, self.query.ctx)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return z3.IntVal(node.value, self.query.ctx)
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.BinOp):
            return self._binop(node.op, self.expr(node.left), self.expr(node.right))
        if isinstance(node, ast.UnaryOp):
            operand = self.expr(node.operand)
            if isinstance(node.op, ast.Not):
                return z3.Not(self.truth(operand))
            if isinstance(node.op, ast.USub) and z3.is_int(operand):
                return -operand
            if isinstance(node.op, ast.UAdd) and z3.is_int(operand):
                return operand
        if isinstance(node, ast.BoolOp):
            values = [self.expr(v) for v in node.values]
            if not all(z3.is_bool(v) for v in values):
                raise Unsupported("`and`/`or` over non-boolean values")
            return z3.And(*values) if isinstance(node.op, ast.And) else z3.Or(*values)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            test, a, b = self.truth(self.expr(node.test)), self.expr(node.body), self.expr(node.orelse)
            if a.sort() != b.sort():
                raise Unsupported("a conditional expression with branches of different types")
            return z3.If(test, a, b)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise Unsupported(f"the expression `{ast.unparse(node)}`")

    def _binop(self, op: ast.operator, a: Any, b: Any) -> Any:
        if not (z3.is_int(a) and z3.is_int(b)):
            raise Unsupported("arithmetic on non-integers")
        if isinstance(op, ast.Add):
            return a + b
        if isinstance(op, ast.Sub):
            return a - b
        if isinstance(op, ast.Mult):
            return a * b
        if isinstance(op, ast.FloorDiv | ast.Mod):
            self.query.failures.append((z3.And(self.alive, b == 0), "raises ZeroDivisionError"))
            quotient = z3.If(b > 0, a / b, (-a) / (-b))  # z3's division is Euclidean; Python's floors
            return quotient if isinstance(op, ast.FloorDiv) else a - b * quotient
        if isinstance(op, ast.Pow) and z3.is_int_value(b) and 0 <= b.as_long() <= 8:
            result: Any = z3.IntVal(1, self.query.ctx)
            for _ in range(b.as_long()):
                result = result * a
            return result
        raise Unsupported(f"the operator {type(op).__name__}")

    def _compare(self, node: ast.Compare) -> Any:
        parts = []
        left = self.expr(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn):
                if not isinstance(comparator, ast.Tuple | ast.List | ast.Set):
                    raise Unsupported("`in` over something other than a literal tuple")
                found = (
                    z3.Or(*[left == self.expr(e) for e in comparator.elts])
                    if comparator.elts
                    else z3.BoolVal(False, self.query.ctx)
                )
                parts.append(found if isinstance(op, ast.In) else z3.Not(found))
                continue
            right = self.expr(comparator)
            table = {ast.Eq: left == right, ast.NotEq: left != right}
            if type(op) in table:
                parts.append(table[type(op)])
            elif z3.is_int(left) and z3.is_int(right) and isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE):
                parts.append(
                    {ast.Lt: left < right, ast.LtE: left <= right, ast.Gt: left > right}.get(type(op), left >= right)
                )
            else:
                raise Unsupported(f"the comparison `{ast.unparse(node)}`")
            left = right
        return z3.And(*parts) if len(parts) > 1 else parts[0]

    def _call(self, node: ast.Call) -> Any:
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise Unsupported(f"the call `{ast.unparse(node)}`")
        name = node.func.id
        if name == "len" and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
            target = self.env.get(node.args[0].id)
            if isinstance(target, _Sized):
                return target.length
        args = [self.expr(a) for a in node.args]
        if not all(z3.is_int(a) for a in args):
            raise Unsupported(f"the call `{ast.unparse(node)}`")
        if name == "abs" and len(args) == 1:
            return z3.If(args[0] >= 0, args[0], -args[0])
        if name in ("min", "max") and len(args) >= 2:
            result = args[0]
            for arg in args[1:]:
                result = z3.If(arg < result, arg, result) if name == "min" else z3.If(arg > result, arg, result)
            return result
        raise Unsupported(f"the call `{ast.unparse(node)}`")
