import { useMutation } from '@apollo/client/react';
import { useId, useRef, useState } from 'react';
import type { PaperlessBlock, PaperlessStandingFragment } from '../../gql/graphql';
import { useT } from '../../shared/locale';
import type { MessageKey } from '../../shared/i18n/translate';
import { ChoosePaperDocument, ChoosePaperlessDocument } from './account-operations';

/** Why the resident cannot go paperless now, in the page's own words (they follow a switch of language). */
const BLOCKED: Readonly<Record<PaperlessBlock, MessageKey>> = {
  NOT_OFFERED: 'account.paperless.blocked.NOT_OFFERED',
  UNLINKED: 'account.paperless.blocked.UNLINKED',
  ACCOUNT_CLOSED: 'account.paperless.blocked.ACCOUNT_CLOSED',
  EMAIL_UNPROVED: 'account.paperless.blocked.EMAIL_UNPROVED',
  EMAIL_UNDELIVERABLE: 'account.paperless.blocked.EMAIL_UNDELIVERABLE',
  BILL_NOTICES_OFF: 'account.paperless.blocked.BILL_NOTICES_OFF',
};

/** The last four characters of an account number, as the bills and emails name an account. */
const endingOf = (accountNumber: string) => accountNumber.replace(/[^0-9A-Za-z]/g, '').slice(-4);

/**
 * Paper or paperless bills for one account: what stands now, and the choice, said before it is made ("We will stop
 * mailing paper bills for account ending 1234; each bill will come by email") and confirmed in place. Going back to
 * paper needs no confirmation: it takes nothing away. A refusal says why in the API's words, at the section.
 */
export function PaperlessSection({ serviceAccountId, accountNumber, paperless }: { readonly serviceAccountId: string; readonly accountNumber: string; readonly paperless: PaperlessStandingFragment }) {
  const t = useT();
  const ids = useId();
  const [confirming, setConfirming] = useState(false);
  const [trouble, setTrouble] = useState<string | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  const [choosePaperless, { loading: choosing }] = useMutation(ChoosePaperlessDocument);
  const [choosePaper, { loading: returning }] = useMutation(ChoosePaperDocument);
  const opener = useRef<HTMLButtonElement>(null);
  const ending = endingOf(accountNumber);
  if (!paperless.offered && !paperless.chosenByYou) return null;

  async function run(mutation: typeof choosePaperless | typeof choosePaper, doneKey: MessageKey) {
    setTrouble(null);
    setDone(null);
    try {
      const { data } = await mutation({ variables: { serviceAccountId } });
      const payload = data && ('choosePaperlessBilling' in data ? data.choosePaperlessBilling : 'choosePaperBills' in data ? data.choosePaperBills : null);
      const refused = payload?.userErrors[0];
      if (refused) return setTrouble(refused.message);
      setConfirming(false);
      setDone(doneKey);
    } catch {
      setTrouble(t('account.paperless.failed'));
    }
  }

  const state: MessageKey = !paperless.inForce
    ? paperless.chosenByYou
      ? 'account.paperless.state.kept'
      : 'account.paperless.state.paper'
    : paperless.chosenByYou
      ? 'account.paperless.state.mine'
      : 'account.paperless.state.other';
  return (
    <section aria-labelledby={`${ids}-heading`} className="paperless">
      <h3 id={`${ids}-heading`}>{t('account.paperless.heading')}</h3>
      <p>{t(state, { email: paperless.email ?? '', ending })}</p>
      {paperless.blockedBy && !paperless.chosenByYou && <p>{t(BLOCKED[paperless.blockedBy])}</p>}
      <p role="status">{done ? t(done, { ending }) : ''}</p>
      {trouble && <p role="alert">{trouble}</p>}
      {paperless.chosenByYou ? (
        <div className="actions">
          <button type="button" className="secondary" aria-disabled={returning || undefined} onClick={() => void (returning || run(choosePaper, 'account.paperless.paperDone'))}>
            {t('account.paperless.backToPaper', { ending })}
          </button>
        </div>
      ) : (
        !paperless.blockedBy &&
        (confirming ? (
          <div role="group" aria-labelledby={`${ids}-confirm`}>
            <p id={`${ids}-confirm`}>{t('account.paperless.confirmText', { ending, email: paperless.email ?? '' })}</p>
            <div className="actions">
              <button type="button" aria-disabled={choosing || undefined} onClick={() => void (choosing || run(choosePaperless, 'account.paperless.paperlessDone'))}>
                {t('account.paperless.confirm')}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setConfirming(false);
                  opener.current?.focus();
                }}
              >
                {t('account.paperless.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <button type="button" ref={opener} className="secondary" onClick={() => setConfirming(true)}>
              {t('account.paperless.goPaperless', { ending })}
            </button>
          </div>
        ))
      )}
    </section>
  );
}
