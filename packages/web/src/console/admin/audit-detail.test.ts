import { translate } from '../../shared/i18n/translate';
import { auditDetailText } from './audit-detail';

const english = (key: Parameters<typeof translate>[1]) => translate('en', key);
const spanish = (key: Parameters<typeof translate>[1]) => translate('es', key);

describe('auditDetailText', () => {
  it('names a staff change’s keys and roles in the page’s language, not as field names and codes', () => {
    // As the database hands them back: "to" first.
    const roleChanged = [
      { key: 'to', value: 'ADMIN' },
      { key: 'from', value: 'SUPPORT' },
    ];
    expect(auditDetailText(roleChanged, english, 'en')).toBe('Before: Support · After: Administrator');
    expect(auditDetailText(roleChanged, spanish, 'es')).toBe('Antes: Soporte · Después: Administrador');
    expect(auditDetailText([{ key: 'roles', value: 'SUPPORT,ADMIN' }], spanish, 'es')).toBe('Funciones: Soporte, Administrador');
  });

  it('names account statuses, reasons and amounts', () => {
    expect(
      auditDetailText(
        [
          { key: 'from', value: 'DISCONNECTED' },
          { key: 'to', value: 'ACTIVE' },
          { key: 'reason', value: 'RESTORATION_APPROVED' },
        ],
        english,
        'en',
      ),
    ).toBe('Before: Disconnected · After: Active · Reason: Restoration approved');
    expect(auditDetailText([{ key: 'reason', value: 'WRONG_PASSWORD' }], spanish, 'es')).toBe('Motivo: Contraseña incorrecta');
    expect(auditDetailText([{ key: 'amountCents', value: '-1250' }], english, 'en')).toBe('Amount: -$12.50');
    // As the API writes money (Money.formatted), thousands grouped: not "$1250.00".
    expect(auditDetailText([{ key: 'amountCents', value: '125000' }], english, 'en')).toBe('Amount: $1,250.00');
    expect(auditDetailText([{ key: 'amountCents', value: '-125000' }], spanish, 'es')).toBe('Importe: -$1,250.00');
  });

  it('names the limits a cleared lockout cleared, not as the enum’s codes', () => {
    const cleared = [{ key: 'lockouts', value: 'SIGN_IN_FAILURES,PASSWORD_RESET_REQUESTS' }];
    expect(auditDetailText(cleared, english, 'en')).toBe('Lockouts cleared: Wrong passwords, Password-reset emails');
    expect(auditDetailText(cleared, spanish, 'es')).toBe('Bloqueos quitados: Contraseñas incorrectas, Correos para restablecer la contraseña');
    expect(auditDetailText([{ key: 'lockouts', value: 'ACCOUNT_DECLINE_LIMIT,SECOND_FACTOR_LOCKOUT' }], spanish, 'es')).toBe(
      'Bloqueos quitados: Pagos rechazados en la cuenta, Respuestas incorrectas a la pregunta de seguridad',
    );
  });

  it('shows a key or code it has no words for as sent, and nothing for no detail', () => {
    expect(
      auditDetailText(
        [
          { key: 'newKey', value: 'NEW_CODE' },
          { key: 'job', value: 'payments.post' },
        ],
        english,
        'en',
      ),
    ).toBe('Job: payments.post · newKey: NEW_CODE');
    expect(auditDetailText([{ key: 'role', value: 'OPERATOR' }], english, 'en')).toBe('Role: OPERATOR');
    expect(auditDetailText([{ key: 'method', value: 'card' }], english, 'en')).toBe('Method: card');
    expect(auditDetailText([], english, 'en')).toBeNull();
  });

  it('names the fields a profile change touched, not as the code’s field names', () => {
    // Found by review: "Fields: fullName,pendingEmail" is what a clerk read, in Spanish too.
    const changed = [{ key: 'fields', value: 'fullName,locale,pendingEmail,phone' }];
    expect(auditDetailText(changed, english, 'en')).toBe('Fields: Name, Language, New email (to confirm), Phone');
    expect(auditDetailText(changed, spanish, 'es')).toBe('Campos: Nombre, Idioma, Correo nuevo (por confirmar), Teléfono');
    expect(auditDetailText([{ key: 'fields', value: 'email' }], spanish, 'es')).toBe('Campos: Correo');
    // One the catalogue does not name yet shows as sent.
    expect(auditDetailText([{ key: 'fields', value: 'fullName,newField' }], english, 'en')).toBe('Fields: Name, newField');
  });

  it('says what a resident search looked for and how many it showed', () => {
    expect(
      auditDetailText(
        [
          { key: 'found', value: '3' },
          { key: 'search', value: 'lopez' },
        ],
        spanish,
        'es',
      ),
    ).toBe('Buscó: lopez · Residentes mostrados: 3');
  });
});
