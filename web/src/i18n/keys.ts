/**
 * Message keys. The Chinese catalogue (zh-CN, the default language) defines them; every other language must give
 * the same keys, which its `satisfies Catalogue<area>` checks at compile time and test/web/i18n.test.ts at run time.
 * Keys name the place and the meaning (`vouchers.transfer.submit`), never the words.
 */
import type * as zh from "./zh-CN";

type Areas = typeof zh;
export type Area = keyof Areas;
export type Catalogue<A extends Area> = Record<keyof Areas[A], string>;
export type MessageKey = { [A in Area]: keyof Areas[A] & string }[Area];
