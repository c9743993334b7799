"""OpenAPI schema post-processing shared by every app."""

_ERROR = {
    "description": "",
    "content": {
        "application/json": {
            "schema": {"type": "object", "additionalProperties": True},
        }
    },
}
_ERRORS = {
    "400": "输入有误或不符合业务规则 (validation or domain rule)",
    "401": "未登录 (not authenticated)",
    "403": "无权操作 (not allowed)",
    "404": "不存在或不在管辖范围内 (not found or outside the caller's jurisdiction)",
}


def add_error_responses(result, generator, request, public):
    """Every operation may answer 400/401/403/404 with a JSON body; say so in the schema."""
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, text in _ERRORS.items():
                responses.setdefault(code, {**_ERROR, "description": text})
    return result
