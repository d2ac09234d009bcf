/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * messages.c: the texts of the catalogue (messages.h), English and Italian.
 *
 * Style: plain words, second person, what happened and what to do next;
 * never whether an account exists. The Italian uses the informal "tu",
 * as Italian university and research-network services commonly do.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "messages.h"
#include "xalloc.h"

struct msg {
	const char *code;
	const char *text[LANG_COUNT];
};

#define M(id, code, en, it) [id] = {code, {[LANG_EN] = en, [LANG_IT] = it}}

static const struct msg catalogue[MSG_COUNT] = {
        [MSG_NONE] = {"", {NULL, NULL}},
        M(MSG_TITLE, "title", "Change your mail password", "Cambia la password della posta"),
        M(MSG_TITLE_NOT_CHANGED, "title_not_changed", "Not changed: ", "Non modificata: "),
        M(MSG_TITLE_CHANGED, "title_changed", "Changed: ", "Modificata: "),
        M(MSG_DONE, "done", "Done.", "Fatto."),
        M(MSG_NOT_CHANGED, "not_changed", "Not changed.", "Nessuna modifica."),
        M(MSG_NOTE, "note", "Note:", "Nota:"),
        M(MSG_BACK, "back", "Back to the form", "Torna al modulo"),
        M(MSG_LABEL_USER, "label_user", "User name", "Nome utente"),
        M(MSG_LABEL_CURRENT, "label_current", "Current password", "Password attuale"),
        M(MSG_LABEL_NEW, "label_new", "New password", "Nuova password"),
        M(MSG_LABEL_REPEAT, "label_repeat", "New password again", "Ripeti la nuova password"),
        M(MSG_RULES_HEADING, "rules_heading", "Rules for the new password",
          "Regole per la nuova password"),
        M(MSG_SUBMIT, "submit", "Change password", "Cambia password"),
        M(MSG_FOOTNOTE, "footnote",
          "The new password is used at once for sending and reading mail; change it in your "
          "mail programs too.",
          "La nuova password vale subito per inviare e leggere la posta: aggiornala anche nei "
          "tuoi programmi di posta."),
        M(MSG_LANGUAGE, "language", "Language", "Lingua"),

        M(MSG_RULE_LENGTH, "rule_length", "At least {1} and at most {2} characters.",
          "Almeno {1} e al massimo {2} caratteri."),
        M(MSG_RULE_CLASSES, "rule_classes",
          "Characters of at least {1} of these kinds: lower-case letters, upper-case letters, "
          "digits, other characters (such as punctuation or spaces).",
          "Caratteri di almeno {1} di questi tipi: lettere minuscole, lettere maiuscole, cifre, "
          "altri caratteri (come segni di punteggiatura o spazi)."),
        M(MSG_RULE_USER, "rule_user", "Not your user name, nor any part of it.",
          "Non il tuo nome utente, né una sua parte."),
        M(MSG_RULE_HISTORY, "rule_history",
          "Different from your current password and from your recent ones.",
          "Diversa dalla password attuale e da quelle usate di recente."),
        M(MSG_RULE_COMMON, "rule_common", "Not a common or easily guessed password.",
          "Non una password comune o facile da indovinare."),

        M(MSG_NOT_FOUND, "not_found", "Not found.", "Pagina non trovata."),
        M(MSG_METHOD_NOT_ALLOWED, "method_not_allowed", "This method is not allowed here.",
          "Questo metodo non è consentito qui."),
        M(MSG_USE_POST, "use_post", "Use POST.", "Usa POST."),
        M(MSG_LENGTH_REQUIRED, "length_required", "The request has no Content-Length.",
          "La richiesta non ha l'intestazione Content-Length."),
        M(MSG_TOO_LARGE, "too_large", "The request is too large.", "La richiesta è troppo grande."),
        M(MSG_API_MEDIA_TYPE, "unsupported_media_type", "Send the request as application/json.",
          "Invia la richiesta come application/json."),
        M(MSG_FORM_MEDIA_TYPE, "form_media_type",
          "The form was sent in a format this page does not take.",
          "Il modulo è stato inviato in un formato che questa pagina non accetta."),
        M(MSG_FORM_UNREADABLE, "form_unreadable",
          "The form data could not be read. Reload the page and try again.",
          "Non è stato possibile leggere i dati del modulo. Ricarica la pagina e riprova."),
        M(MSG_NO_TOKEN, "no_token",
          "The server cannot make a form token right now. Try again later.",
          "Al momento il server non riesce a preparare il modulo. Riprova più tardi."),
        M(MSG_CSRF_FORM, "csrf_form",
          "The form had expired or did not come from this page, so nothing was changed. Please "
          "fill it in again.",
          "Il modulo era scaduto o non proveniva da questa pagina, quindi non è stato "
          "modificato nulla. Compilalo di nuovo."),
        M(MSG_CSRF_API, "csrf", "Cross-site requests are not accepted.",
          "Le richieste provenienti da altri siti non sono accettate."),
        M(MSG_JSON_MALFORMED, "json_malformed", "The request is not well-formed JSON.",
          "La richiesta non è un JSON ben formato."),
        M(MSG_JSON_MEMBERS, "json_members",
          "The request needs the string members \"user\", \"current\" and \"new\".",
          "La richiesta deve contenere i campi di tipo stringa \"user\", \"current\" e "
          "\"new\"."),

        M(MSG_RATE_LIMITED_1, "rate_limited", "Too many attempts. Wait a minute and try again.",
          "Troppi tentativi. Attendi un minuto e riprova."),
        M(MSG_RATE_LIMITED, "rate_limited_minutes",
          "Too many attempts. Wait {1} minutes and try again.",
          "Troppi tentativi. Attendi {1} minuti e riprova."),
        M(MSG_USER_MISSING, "user_missing", "Enter your user name.",
          "Inserisci il tuo nome utente."),
        M(MSG_USER_INVALID, "user_invalid",
          "The user name contains characters that are not allowed.",
          "Il nome utente contiene caratteri non ammessi."),
        M(MSG_CURRENT_MISSING, "current_missing", "Enter your current password.",
          "Inserisci la password attuale."),
        M(MSG_AUTH_FAILED, "auth_failed", "The user name or the current password is wrong.",
          "Il nome utente o la password attuale non sono corretti."),
        M(MSG_NEW_MISSING, "new_missing", "Enter a new password.", "Inserisci una nuova password."),
        M(MSG_MISMATCH, "mismatch",
          "The two new passwords differ. Type the same new password twice.",
          "Le due nuove password non coincidono. Scrivi la stessa nuova password due volte."),
        M(MSG_AUTHD_NOT_TOLD, "mail_servers_not_told",
          "The mail servers on this host could not be told about the change at once, so for a "
          "few minutes they may still accept the old password as well.",
          "Non è stato possibile avvisare subito i server di posta di questo host: per qualche "
          "minuto potrebbero accettare anche la vecchia password."),
        M(MSG_CHANGED, "changed",
          "Your password has been changed. Use the new password from now on.",
          "La tua password è stata cambiata. D'ora in poi usa la nuova password."),
        M(MSG_CHANGED_EXPIRED, "changed_expired",
          "Your password had expired. It has now been changed: use the new password from now "
          "on.",
          "La tua password era scaduta. Ora è stata cambiata: d'ora in poi usa la nuova "
          "password."),
        M(MSG_EXPIRED, "expired",
          "Your password has expired, and the directory allows no more logins with it, so it "
          "cannot be changed here. Ask the mail administrators to reset it.",
          "La tua password è scaduta e la directory non consente più accessi con essa, quindi "
          "non può essere cambiata qui. Chiedi agli amministratori della posta di "
          "reimpostarla."),
        M(MSG_IN_HISTORY, "in_history",
          "You have used the new password before. Choose one you have not used recently.",
          "Hai già usato questa password in passato. Scegline una che non hai usato di "
          "recente."),
        M(MSG_TOO_YOUNG, "too_young",
          "Your password was changed too recently to be changed again yet. Try again later.",
          "La tua password è stata cambiata troppo di recente per poterla cambiare di nuovo. "
          "Riprova più tardi."),
        M(MSG_REJECTED, "rejected",
          "The directory refused the new password under its password policy. Choose a longer, "
          "less predictable one.",
          "La directory ha rifiutato la nuova password in base alle sue regole. Scegline una "
          "più lunga e meno prevedibile."),
        M(MSG_NOT_ALLOWED, "not_allowed",
          "This account may not change its password here. Ask the mail administrators.",
          "Questo account non può cambiare la password qui. Rivolgiti agli amministratori "
          "della posta."),
        M(MSG_UNAVAILABLE, "unavailable",
          "The account directory cannot be reached right now, so your password was not "
          "changed. Try again in a few minutes.",
          "Al momento la directory degli account non è raggiungibile, quindi la password non è "
          "stata cambiata. Riprova tra qualche minuto."),
        M(MSG_INTERNAL, "internal",
          "Something went wrong on the server; your password was not changed. Try again later.",
          "Si è verificato un errore sul server; la password non è stata cambiata. Riprova più "
          "tardi."),

        M(MSG_PW_TOO_SHORT, "too_short",
          "The new password is too short: use at least {1} characters.",
          "La nuova password è troppo corta: usa almeno {1} caratteri."),
        M(MSG_PW_TOO_LONG, "too_long", "The new password is too long: use at most {1} characters.",
          "La nuova password è troppo lunga: usa al massimo {1} caratteri."),
        M(MSG_PW_CLASSES, "too_few_classes",
          "The new password needs characters of at least {1} kinds: lower-case letters, "
          "upper-case letters, digits, other characters.",
          "La nuova password deve contenere caratteri di almeno {1} tipi: lettere minuscole, "
          "lettere maiuscole, cifre, altri caratteri."),
        M(MSG_PW_USER_NAME, "contains_user_name",
          "The new password must not contain your user name or a part of it.",
          "La nuova password non deve contenere il tuo nome utente né una sua parte."),
        M(MSG_PW_SAME, "same_as_current", "The new password must differ from the current one.",
          "La nuova password deve essere diversa da quella attuale."),
        M(MSG_PW_COMMON, "too_common",
          "The new password is on the list of passwords that are too common or easy to guess. "
          "Choose another one.",
          "La nuova password è nell'elenco delle password troppo comuni o facili da indovinare. "
          "Scegline un'altra."),
        M(MSG_PW_ENCODING, "bad_characters",
          "The new password contains control characters or invalid text encoding.",
          "La nuova password contiene caratteri di controllo o una codifica del testo non "
          "valida."),
        M(MSG_PW_POLICY, "policy", "The new password does not meet the rules.",
          "La nuova password non rispetta le regole."),

        M(MSG_DIR_TOO_SHORT_N, "dir_too_short_min",
          "The directory refused the new password because it is too short: its policy "
          "requires at least {1} characters.",
          "La directory ha rifiutato la nuova password perché è troppo corta: le sue regole "
          "chiedono almeno {1} caratteri."),
        M(MSG_DIR_TOO_SHORT, "dir_too_short",
          "The directory refused the new password because it is too short. Choose a longer one.",
          "La directory ha rifiutato la nuova password perché è troppo corta. Scegline una più "
          "lunga."),
        M(MSG_DIR_QUALITY, "dir_quality",
          "The directory refused the new password because it does not meet its quality rules "
          "(for example, it is too simple or too close to your name). Choose a different one.",
          "La directory ha rifiutato la nuova password perché non rispetta le sue regole di "
          "qualità (per esempio è troppo semplice o troppo simile al tuo nome). Scegline "
          "un'altra."),
        M(MSG_DIR_OLD_NEEDED, "dir_old_password_needed",
          "The directory wants the current password with the change and did not accept it. "
          "Check the current password and try again.",
          "La directory chiede la password attuale insieme alla modifica e non l'ha accettata. "
          "Controlla la password attuale e riprova."),
        M(MSG_DIR_RULE_MIN_LENGTH, "dir_rule_min_length",
          "The directory requires at least {1} characters.",
          "La directory chiede almeno {1} caratteri."),
        M(MSG_DIR_RULE_HISTORY, "dir_rule_history",
          "The directory refuses your last {1} passwords.",
          "La directory rifiuta le tue ultime {1} password."),
        M(MSG_DIR_RULE_MIN_AGE, "dir_rule_min_age",
          "The directory allows one change every {1} minutes.",
          "La directory consente una modifica ogni {1} minuti."),
        M(MSG_DIR_RULE_QUALITY, "dir_rule_quality",
          "The directory also checks the quality of the new password.",
          "La directory controlla anche la qualità della nuova password."),
};

const char *
msg_text(enum lang l, enum msg_id id)
{
	const char *t;

	if ((unsigned)id >= MSG_COUNT || id == MSG_NONE)
		return "";
	t = (unsigned)l < LANG_COUNT ? catalogue[id].text[l] : NULL;
	/* A missing translation (the unit test forbids them) falls back to English. */
	if (t == NULL || *t == '\0')
		t = catalogue[id].text[LANG_EN];
	return t != NULL ? t : "";
}

const char *
msg_code(enum msg_id id)
{
	return (unsigned)id < MSG_COUNT && catalogue[id].code != NULL ? catalogue[id].code : "";
}

char *
msg_format(enum lang l, enum msg_id id, long a1, long a2)
{
	const char *t = msg_text(l, id);
	struct buf b = BUF_INIT;

	for (; *t; t++) {
		if (t[0] == '{' && (t[1] == '1' || t[1] == '2') && t[2] == '}') {
			buf_appendf(&b, "%ld", t[1] == '1' ? a1 : a2);
			t += 2;
		} else {
			buf_appendc(&b, *t);
		}
	}
	return buf_detach(&b);
}
