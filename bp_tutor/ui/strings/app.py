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
        "app.cli.lessons_missing": "bp-tutor: {option} {dir}: there is no such folder",
        "app.cli.lessons_not_folder": "bp-tutor: {option} {dir}: not a folder",
        "app.cli.lessons_flat": "bp-tutor: {option} {dir}: lesson files go in its en/ (English) "
        "and zh/ (Chinese) folders, as in the shipped lessons; give the folder that holds them",
        "app.cli.lessons_empty": "bp-tutor: {option} {dir}: no lessons in en/ or zh/ (a lessons "
        "folder holds en/ and zh/ with NN-name.md files; see docs/lesson-format.md)",
        "app.cli.lessons_empty_option": "bp-tutor: {option} is empty: expected a lessons folder",
        "app.cli.lessons_problems": "bp-tutor: {dir}: {count} problem(s) found by `bp-tutor check`; "
        "the lessons they are in show them instead of their content:",
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
        "app.cli.lessons_missing": "bp-tutor：{option} {dir}：没有这个文件夹",
        "app.cli.lessons_not_folder": "bp-tutor：{option} {dir}：不是文件夹",
        "app.cli.lessons_flat": "bp-tutor：{option} {dir}：课程文件应放在它的 en/（英文）和 "
        "zh/（中文）文件夹里，与随附的课程相同；请给出包含这两个文件夹的文件夹",
        "app.cli.lessons_empty": "bp-tutor：{option} {dir}：en/ 和 zh/ 中都没有课程（课程文件夹"
        "包含 en/ 和 zh/，其中是 NN-名称.md 文件；见 docs/lesson-format.md）",
        "app.cli.lessons_empty_option": "bp-tutor：{option} 为空，应为一个课程文件夹",
        "app.cli.lessons_problems": "bp-tutor：{dir}：`bp-tutor check` 发现 {count} 个问题；"
        "有问题的课程会显示问题，而不显示内容：",
    },
}
