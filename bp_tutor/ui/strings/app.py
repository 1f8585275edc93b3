"""Messages of the app itself and of the `bp-tutor` / `bp-tutor lesson` commands."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # A label and what it labels: Chinese uses the full-width colon, with no space after it.
        "app.labelled": "{label}: {text}",
        "app.save_failed": "Could not save your progress: {error}",
        "app.unknown_lesson": "There is no lesson with the id {id}.",
        "app.lab_coming_soon": "The network lab (preset {preset}) is coming soon.\n\nesc: back",
        "app.drill_coming_soon": "Quiz drills are coming soon.\n\nesc: back",
        "app.cli.unknown_lesson": "bp-tutor lesson: no lesson {id!r}; did you mean: {close}?",
        "app.cli.no_lessons": "bp-tutor: no lessons found in {root}",
        "app.cli.store_failed": "bp-tutor: cannot open the progress store: {error}",
        "app.cli.recover_hint": (
            "bp-tutor: run the same command with --recover to move the damaged file aside (it is "
            "kept, nothing is deleted) and start a new progress database."
        ),
        "app.cli.recovered": "bp-tutor: the damaged progress database was moved to {path}; "
        "starting a new one.",
    },
    "zh": {
        "app.labelled": "{label}：{text}",
        "app.save_failed": "无法保存学习进度：{error}",
        "app.unknown_lesson": "没有编号为 {id} 的课程。",
        "app.lab_coming_soon": "网络实验室（预设 {preset}）即将推出。\n\nesc：返回",
        "app.drill_coming_soon": "练习题即将推出。\n\nesc：返回",
        "app.cli.unknown_lesson": "bp-tutor lesson：没有课程 {id!r}；你是不是要找：{close}？",
        "app.cli.no_lessons": "bp-tutor：在 {root} 中找不到课程",
        "app.cli.store_failed": "bp-tutor：无法打开进度数据库：{error}",
        "app.cli.recover_hint": (
            "bp-tutor：加上 --recover 再运行同一命令，即可把损坏的文件移到一旁（文件会保留，不删除任何"
            "内容），并新建一个进度数据库。"
        ),
        "app.cli.recovered": "bp-tutor：损坏的进度数据库已移到 {path}；现在新建一个。",
    },
}
