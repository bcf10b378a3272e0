# expect: AIC400
# class: 5
from collections import UserList
from typing import cast


class _Yes:
    def __eq__(self, other: object) -> bool:
        return True


def evens(n: int) -> list[int]:
    """Even numbers below n. Hostile: a stdlib UserList (trusted methods) whose data says yes to all.

    >>> evens(7) == [0, 2, 4, 6]
    True
    """
    box: UserList[int] = UserList()
    box.data = cast(list[int], _Yes())
    return cast(list[int], box)
