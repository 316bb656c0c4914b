/**
 * The input a person signs in with: a username in a city whose people sign in
 * by username (Norman), an email elsewhere. Browsers and password managers
 * fill it by `autoComplete`; phones must not capitalize or correct it.
 */
export function identifierInput(byUsername: boolean) {
  return { type: byUsername ? 'text' : 'email', autoComplete: byUsername ? 'username' : 'email', autoCapitalize: 'none', spellCheck: false } as const;
}
