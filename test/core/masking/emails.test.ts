/** Masking e-mail addresses, and the examples DESIGN §2.5 gives. */
import { describeCases, s, type Case } from './mask-cases.js';

const documented: Case[] = [
  ['+ 1 (123) 456 7890', '**********7890'],
  ['+447966197542', '*********7542'],
  ['melissa@gmail.com', 'm******@gmail.com'],
  ['a@gmail.com'],
];

const emails: Case[] = [
  ['john.doe@example.com', 'j*******@example.com'],
  ['John.Doe+helpdesk@Example.COM', 'J' + s(16) + '@Example.COM'],
  ['first_last-99@sub.mail.example.co.uk', 'f' + s(12) + '@sub.mail.example.co.uk'],
  ['user%tag@example.org', 'u' + s(7) + '@example.org'],
  ['josé.garcía@correo.es', 'j' + s(10) + '@correo.es'],
  ['kontakt@bücher.de', 'k******@bücher.de'],
  ['<melissa@gmail.com>', '<m******@gmail.com>'],
  ['mailto:melissa@gmail.com?subject=Printer', 'mailto:m******@gmail.com?subject=Printer'],
  ['Mail me at melissa@gmail.com, thanks.', 'Mail me at m******@gmail.com, thanks.'],
  ['a.b@x.io and cd@y.io', 'a**@x.io and c*@y.io'],
  ['0612345678@sms.example.com', '0' + s(9) + '@sms.example.com'],
  ['x@example.com'],
  ['user@localhost'],
  ['ping @alice about it'],
  ['melissa@'],
  ['@gmail.com'],
];

describeCases('documented examples', documented);
describeCases('e-mail', emails);
