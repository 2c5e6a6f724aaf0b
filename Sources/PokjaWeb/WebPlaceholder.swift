import Hummingbird
enum WebPlaceholder {}
