/** "4242" -> "4 2 4 2": digits a screen reader says one by one, not as a number ("four thousand two hundred forty-two"). */
export const oneByOne = (digits: string): string => Array.from(digits).join(' ');
