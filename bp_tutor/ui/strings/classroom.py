"""The teacher's dashboard and the classroom server's messages."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "classroom.title": "bp-tutor classroom",
        "classroom.updated": "{connected} connected · {students} students · updated {time} · "
        "Enter on a student for details",
        "classroom.connected.title": "Connected now",
        "classroom.connected.none": "Nobody is connected.",
        "classroom.col.student": "Student",
        "classroom.col.lesson": "Lesson",
        "classroom.col.since": "Since",
        "classroom.col.topic": "Topic",
        "classroom.col.mastery": "Mastery",
        "classroom.col.students": "Students",
        "classroom.col.attempts": "Attempts",
        "classroom.col.right": "Right",
        "classroom.col.times": "Times",
        "classroom.col.mistake": "Mistake",
        "classroom.col.lessons_done": "Lessons done",
        "classroom.col.step": "Step",
        "classroom.col.when": "When",
        "classroom.col.kind": "Question",
        "classroom.col.answer": "Answer",
        "classroom.col.verdict": "Verdict",
        "classroom.not_in_lesson": "(home)",
        "classroom.in_lab": "(the lab)",
        "classroom.in_drill": "(a drill)",
        "classroom.topics.title": "Mastery per topic (class mean, weakest first)",
        "classroom.misconceptions.title": "Most frequent mistakes since {time}",
        "classroom.misconception.line": "{students} students: {title}",
        "classroom.students.title": "Gradebook",
        "classroom.lesson.done": "done",
        "classroom.lesson.at": "{step}/{total}",
        "classroom.student.title": "Student {student}",
        "classroom.student.lessons": "Lessons",
        "classroom.student.mastery": "Mastery per topic",
        "classroom.student.recent": "Recent attempts (newest first)",
        "classroom.verdict.right": "right",
        "classroom.verdict.wrong": "wrong",
        "classroom.verdict.partial": "partly",
        "classroom.key.back": "Back",
        "classroom.key.refresh": "Refresh",
        "classroom.key.quit": "Quit",
        "classroom.error": "Could not refresh (showing the last view): {error}",
        "classroom.server.bad_name": "'{name}' cannot be used as a name here: {rule}.",
        "classroom.server.locked": "Too many failed logins from your address; wait a little "
        "and try again.",
        "classroom.server.full": "Sorry, the classroom is full (at most {sessions} at once). "
        "Please try again in a moment.",
        "classroom.server.not_started": "Sorry, the tutor could not be started ({error}).",
        "classroom.server.idle": "Session ended after {minutes} minutes without input. "
        "Your progress is saved.",
        "classroom.server.shutdown": "The classroom server is shutting down. "
        "Your progress is saved.",
        "classroom.server.no_command": "This classroom runs no commands (you asked for "
        "'{command}'); it serves the tutor in an interactive terminal: {how}",
        "classroom.server.no_terminal": "The tutor needs an interactive terminal and this "
        "connection has none (ssh -T, or input that is not a terminal). Connect with: {how}",
        "classroom.server.no_transfer": "File transfer (sftp, scp) is not available in this "
        "classroom; it serves the tutor in an interactive terminal: {how}",
        "classroom.shared.title": "{student} is already logged in",
        "classroom.shared.one": "in another session (since {since})",
        "classroom.shared.many": "in {count} other sessions (the first since {since})",
        "classroom.shared.body": "The name {student} is already in use {elsewhere}. Progress is "
        "shared between the sessions: every answer given in any of them is saved for {student}, "
        "and nothing already saved is lost.\n\nIf you were just disconnected, carry on: the old "
        "session closes by itself. If that is not you, quit and log in under your own name.",
        "classroom.shared.joined_title": "Someone has just logged in as {student}",
        "classroom.shared.joined": "Someone has just logged in as {student} in another session "
        "too. Progress is shared between the sessions: every answer given in any of them is "
        "saved for {student}, and nothing already saved is lost.\n\nIf that was you, in another "
        "window, carry on. If not, tell your teacher: one of you should log in under their own "
        "name.",
        "keys.classroom_continue": "Continue",
        "keys.classroom_quit": "Quit",
        "classroom.sessions": "{student} ({count} sessions)",
        "classroom.col.where": "Where",
        "classroom.where.step": "{lesson}, step {step}",
    },
    "zh": {
        "classroom.title": "bp-tutor 课堂",
        "classroom.updated": "{connected} 人在线 · 共 {students} 名学生 · 更新于 {time} · "
        "在学生上按回车查看详情",
        "classroom.connected.title": "当前在线",
        "classroom.connected.none": "目前没有人在线。",
        "classroom.col.student": "学生",
        "classroom.col.lesson": "课程",
        "classroom.col.since": "上线时间",
        "classroom.col.topic": "主题",
        "classroom.col.mastery": "掌握度",
        "classroom.col.students": "人数",
        "classroom.col.attempts": "作答次数",
        "classroom.col.right": "答对",
        "classroom.col.times": "次数",
        "classroom.col.mistake": "错误类型",
        "classroom.col.lessons_done": "已完成课程",
        "classroom.col.step": "进度",
        "classroom.col.when": "时间",
        "classroom.col.kind": "题型",
        "classroom.col.answer": "答案",
        "classroom.col.verdict": "判定",
        "classroom.not_in_lesson": "（主页）",
        "classroom.in_lab": "（实验室）",
        "classroom.in_drill": "（练习）",
        "classroom.topics.title": "各主题掌握度（全班平均，最弱在前）",
        "classroom.misconceptions.title": "自 {time} 以来最常见的错误",
        "classroom.misconception.line": "{students} 名学生：{title}",
        "classroom.students.title": "成绩册",
        "classroom.lesson.done": "已完成",
        "classroom.lesson.at": "{step}/{total}",
        "classroom.student.title": "学生 {student}",
        "classroom.student.lessons": "课程",
        "classroom.student.mastery": "各主题掌握度",
        "classroom.student.recent": "最近的作答（最新在前）",
        "classroom.verdict.right": "正确",
        "classroom.verdict.wrong": "错误",
        "classroom.verdict.partial": "部分正确",
        "classroom.key.back": "返回",
        "classroom.key.refresh": "刷新",
        "classroom.key.quit": "退出",
        "classroom.error": "刷新失败（显示的是上一次的数据）：{error}",
        "classroom.server.bad_name": "这里不能用 '{name}' 作名字：{rule}。",
        "classroom.server.locked": "你的地址登录失败次数太多；请稍等片刻再试。",
        "classroom.server.full": "抱歉，教室已满（同时最多 {sessions} 人）。请稍后再试。",
        "classroom.server.not_started": "抱歉，无法启动导师程序（{error}）。",
        "classroom.server.idle": "{minutes} 分钟没有输入，会话已结束。你的进度已保存。",
        "classroom.server.shutdown": "教室服务器正在关闭。你的进度已保存。",
        "classroom.server.no_command": "本教室不执行命令（你请求的是“{command}”），"
        "只在交互式终端里提供导师程序：{how}",
        "classroom.server.no_terminal": "导师程序需要交互式终端，而这个连接没有终端"
        "（用了 ssh -T，或输入不是终端）。请这样连接：{how}",
        "classroom.server.no_transfer": "本教室不提供文件传输（sftp、scp），"
        "只在交互式终端里提供导师程序：{how}",
        "classroom.shared.title": "{student} 已经登录了",
        "classroom.shared.one": "在另一个会话中使用（自 {since} 起）",
        "classroom.shared.many": "在另外 {count} 个会话中使用（最早的自 {since} 起）",
        "classroom.shared.body": "名字 {student} 已经{elsewhere}。这些会话共用同一份进度："
        "任何一个会话里的作答都记在 {student} 名下，已保存的内容不会丢失。\n\n"
        "如果你刚才断线了，直接继续即可，旧会话会自行关闭。如果那不是你，请退出，"
        "再用你自己的名字登录。",
        "classroom.shared.joined_title": "刚刚有人以 {student} 的名字登录了",
        "classroom.shared.joined": "刚刚有人在另一个会话中也以 {student} 的名字登录了。"
        "这些会话共用同一份进度：任何一个会话里的作答都记在 {student} 名下，已保存的内容不会丢失。"
        "\n\n如果那是你自己在另一个窗口登录的，继续即可。如果不是，请告诉老师："
        "你们当中应有一人用自己的名字登录。",
        "keys.classroom_continue": "继续",
        "keys.classroom_quit": "退出",
        "classroom.sessions": "{student}（{count} 个会话）",
        "classroom.col.where": "出处",
        "classroom.where.step": "{lesson} · 第 {step} 步",
    },
}
