# expect: AIC306 AIC316
# class: 1
import marshal
import types

# marshal.dumps(compile("__import__('os').remove('/tmp/aic-hostile-canary.txt')", '', 'eval')) on 3.11
BLOB = bytes.fromhex(
    'e30000000000000000000000000300000000000000f33e0000009700020065006400a6010000ab01000000000000'
    '0000a00100000000000000000000000000000000000000006401a6010000ab01000000000000000053002902da02'
    '6f737a1b2f746d702f6169632d686f7374696c652d63616e6172792e7478742902da0a5f5f696d706f72745f5fda'
    '0672656d6f7665a900f300000000da00fa083c6d6f64756c653e7208000000010000007324000000f003010101d8'
    '000a800a8834d10010d40010d70017d20017d01835d10036d40036d000367206000000'
)


def unpack() -> object:
    """Hostile: hides its code in a marshalled code object and runs it as a function.

    >>> unpack() is None
    True
    """
    return types.FunctionType(marshal.loads(BLOB), {'__builtins__': __builtins__})()
