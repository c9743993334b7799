"""Service-driven builders for the livelihood tests."""

from livelihood import services


def candidates(office, call, n=3):
    return [
        services.livelihood_candidate_create(actor=office, call=call, title=f"候选项目{i}", description="内容")
        for i in range(1, n + 1)
    ]
