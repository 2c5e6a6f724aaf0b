/// `1 message`, `3 messages`, `1 person`, `2 people`: a count with its noun in the right number.
func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
  "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
}
