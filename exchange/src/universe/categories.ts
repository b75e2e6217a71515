// Series templates per Kalshi category. Weights approximate Kalshi's 2026 mix: Sports is the
// largest share of markets and by far the largest share of volume.

export interface Template {
  prefix: string;
  title: string;
  frequency: string;
  /** how markets of an event are laid out */
  kind: 'game' | 'ladder' | 'range' | 'candidates' | 'binary';
  tags: string[];
  names?: string[];
}

export interface Category {
  name: string;
  marketWeight: number;
  activity: number;
  feeType: string;
  feeMult1000: number;
  exchangeIndex: number;
  templates: Template[];
}

const TEAMS = ['LAL', 'BOS', 'NYK', 'GSW', 'MIA', 'CHI', 'DAL', 'DEN', 'PHI', 'MIL', 'KC', 'BUF', 'SF', 'DET', 'BAL', 'GB', 'NYY', 'LAD', 'HOU', 'ATL', 'SEA', 'TOR', 'CLE', 'MIN', 'PIT', 'ARI', 'CIN', 'NO', 'TB', 'LV'];
const PEOPLE = ['ADAMS', 'BAKER', 'CHEN', 'DIAZ', 'EVANS', 'FOSTER', 'GARCIA', 'HAYES', 'IBARRA', 'JONES', 'KIM', 'LOPEZ', 'MORGAN', 'NGUYEN', 'ORTIZ', 'PATEL', 'QUINN', 'REED', 'SMITH', 'TAYLOR'];

export const CATEGORIES: Category[] = [
  {
    name: 'Sports', marketWeight: 40, activity: 2.2, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [
      { prefix: 'KXNFLGAME', title: 'Pro Football Game', frequency: 'custom', kind: 'game', tags: ['Football'], names: TEAMS },
      { prefix: 'KXNBAGAME', title: 'Pro Basketball Game', frequency: 'custom', kind: 'game', tags: ['Basketball'], names: TEAMS },
      { prefix: 'KXMLBGAME', title: 'Pro Baseball Game', frequency: 'custom', kind: 'game', tags: ['Baseball'], names: TEAMS },
      { prefix: 'KXNHLGAME', title: 'Pro Hockey Game', frequency: 'custom', kind: 'game', tags: ['Hockey'], names: TEAMS },
      { prefix: 'KXNCAAFGAME', title: 'College Football Game', frequency: 'custom', kind: 'game', tags: ['Football'], names: TEAMS },
      { prefix: 'KXEPLGAME', title: 'Premier League Game', frequency: 'custom', kind: 'game', tags: ['Soccer'], names: TEAMS },
      { prefix: 'KXATPMATCH', title: 'ATP Tennis Match', frequency: 'custom', kind: 'game', tags: ['Tennis'], names: PEOPLE },
      { prefix: 'KXNFLSPREAD', title: 'Pro Football Spread', frequency: 'custom', kind: 'ladder', tags: ['Football'] },
      { prefix: 'KXNBATOTAL', title: 'Pro Basketball Total Points', frequency: 'custom', kind: 'ladder', tags: ['Basketball'] },
      { prefix: 'KXNBAPTS', title: 'Player Points', frequency: 'custom', kind: 'ladder', tags: ['Basketball'] },
      { prefix: 'KXUFCFIGHT', title: 'UFC Fight', frequency: 'custom', kind: 'game', tags: ['MMA'], names: PEOPLE },
      { prefix: 'KXNBACHAMP', title: 'Pro Basketball Champion', frequency: 'annual', kind: 'candidates', tags: ['Basketball'], names: TEAMS },
    ],
  },
  {
    name: 'Politics', marketWeight: 9, activity: 1.0, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [
      { prefix: 'KXSENATE', title: 'Senate Race Winner', frequency: 'custom', kind: 'candidates', tags: ['Senate'], names: PEOPLE },
      { prefix: 'KXHOUSE', title: 'House Race Winner', frequency: 'custom', kind: 'candidates', tags: ['House'], names: PEOPLE },
      { prefix: 'KXAPPROVE', title: 'Presidential Approval Rating', frequency: 'weekly', kind: 'range', tags: ['Approval'] },
      { prefix: 'KXEOTRUMP', title: 'Executive Orders Signed', frequency: 'weekly', kind: 'ladder', tags: ['White House'] },
    ],
  },
  {
    name: 'Elections', marketWeight: 5, activity: 0.8, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [
      { prefix: 'KXMAYOR', title: 'Mayoral Election', frequency: 'custom', kind: 'candidates', tags: ['Local'], names: PEOPLE },
      { prefix: 'KXGOV', title: 'Governor Race', frequency: 'custom', kind: 'candidates', tags: ['Governor'], names: PEOPLE },
    ],
  },
  {
    name: 'Economics', marketWeight: 6, activity: 0.9, feeType: 'quadratic_with_maker_fees', feeMult1000: 1000, exchangeIndex: 0,
    templates: [
      { prefix: 'KXCPI', title: 'CPI month over month', frequency: 'monthly', kind: 'range', tags: ['Inflation'] },
      { prefix: 'KXFED', title: 'Fed funds rate', frequency: 'custom', kind: 'ladder', tags: ['Fed'] },
      { prefix: 'KXPAYROLLS', title: 'Nonfarm payrolls', frequency: 'monthly', kind: 'ladder', tags: ['Jobs'] },
      { prefix: 'KXGDP', title: 'GDP growth', frequency: 'quarterly', kind: 'range', tags: ['GDP'] },
      { prefix: 'KXJOBLESS', title: 'Initial jobless claims', frequency: 'weekly', kind: 'ladder', tags: ['Jobs'] },
    ],
  },
  {
    name: 'Financials', marketWeight: 8, activity: 1.1, feeType: 'quadratic_with_maker_fees', feeMult1000: 500, exchangeIndex: 0,
    templates: [
      { prefix: 'KXINX', title: 'S&P 500 range', frequency: 'daily', kind: 'range', tags: ['S&P'] },
      { prefix: 'KXINXU', title: 'S&P 500 above/below', frequency: 'daily', kind: 'ladder', tags: ['S&P'] },
      { prefix: 'KXNASDAQ100', title: 'Nasdaq-100 range', frequency: 'daily', kind: 'range', tags: ['Nasdaq'] },
      { prefix: 'KXTREASURY10Y', title: '10Y Treasury yield', frequency: 'daily', kind: 'ladder', tags: ['Rates'] },
    ],
  },
  {
    name: 'Crypto', marketWeight: 7, activity: 1.4, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 2,
    templates: [
      { prefix: 'KXBTCD', title: 'Bitcoin price above', frequency: 'hourly', kind: 'ladder', tags: ['BTC'] },
      { prefix: 'KXBTC', title: 'Bitcoin price range', frequency: 'hourly', kind: 'range', tags: ['BTC'] },
      { prefix: 'KXETHD', title: 'Ethereum price above', frequency: 'hourly', kind: 'ladder', tags: ['ETH'] },
      { prefix: 'KXSOLD', title: 'Solana price above', frequency: 'daily', kind: 'ladder', tags: ['SOL'] },
      { prefix: 'KXBTC15M', title: 'Bitcoin up or down 15 minutes', frequency: 'fifteen_min', kind: 'binary', tags: ['BTC'] },
    ],
  },
  {
    name: 'Climate and Weather', marketWeight: 5, activity: 0.6, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [
      { prefix: 'KXHIGHNY', title: 'Highest temperature in NYC', frequency: 'daily', kind: 'range', tags: ['Temperature'] },
      { prefix: 'KXHIGHCHI', title: 'Highest temperature in Chicago', frequency: 'daily', kind: 'range', tags: ['Temperature'] },
      { prefix: 'KXHIGHMIA', title: 'Highest temperature in Miami', frequency: 'daily', kind: 'range', tags: ['Temperature'] },
      { prefix: 'KXRAINNYC', title: 'Rain in NYC', frequency: 'daily', kind: 'binary', tags: ['Precipitation'] },
      { prefix: 'KXHURCAT', title: 'Hurricane category', frequency: 'custom', kind: 'ladder', tags: ['Hurricanes'] },
    ],
  },
  {
    name: 'Entertainment', marketWeight: 7, activity: 0.5, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [
      { prefix: 'KXOSCARPIC', title: 'Oscar Best Picture', frequency: 'annual', kind: 'candidates', tags: ['Awards'], names: PEOPLE },
      { prefix: 'KXSPOTIFY', title: 'Top Spotify song', frequency: 'weekly', kind: 'candidates', tags: ['Music'], names: PEOPLE },
      { prefix: 'KXRT', title: 'Rotten Tomatoes score', frequency: 'custom', kind: 'ladder', tags: ['Movies'] },
      { prefix: 'KXBOXOFFICE', title: 'Opening weekend box office', frequency: 'weekly', kind: 'ladder', tags: ['Movies'] },
    ],
  },
  {
    name: 'Mentions', marketWeight: 3, activity: 0.5, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [{ prefix: 'KXMENTION', title: 'What will be said', frequency: 'custom', kind: 'candidates', tags: ['Speeches'], names: PEOPLE }],
  },
  {
    name: 'Science and Technology', marketWeight: 3, activity: 0.4, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [
      { prefix: 'KXSPACEX', title: 'SpaceX launches', frequency: 'monthly', kind: 'ladder', tags: ['Space'] },
      { prefix: 'KXAIMODEL', title: 'Top AI model', frequency: 'monthly', kind: 'candidates', tags: ['AI'], names: PEOPLE },
    ],
  },
  {
    name: 'World', marketWeight: 2, activity: 0.4, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [
      { prefix: 'KXUKPM', title: 'Next UK Prime Minister', frequency: 'custom', kind: 'candidates', tags: ['UK'], names: PEOPLE },
      { prefix: 'KXCEASEFIRE', title: 'Ceasefire announced', frequency: 'custom', kind: 'binary', tags: ['Conflicts'] },
    ],
  },
  {
    name: 'Companies', marketWeight: 2, activity: 0.5, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [
      { prefix: 'KXTSLADELIV', title: 'Tesla deliveries', frequency: 'quarterly', kind: 'ladder', tags: ['Tesla'] },
      { prefix: 'KXEARNINGS', title: 'Earnings call mentions', frequency: 'quarterly', kind: 'candidates', tags: ['Earnings'], names: PEOPLE },
    ],
  },
  {
    name: 'Health', marketWeight: 1, activity: 0.3, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 0,
    templates: [{ prefix: 'KXMEASLES', title: 'Measles cases', frequency: 'weekly', kind: 'ladder', tags: ['Disease'] }],
  },
  {
    name: 'Commodities', marketWeight: 1, activity: 0.6, feeType: 'quadratic', feeMult1000: 1000, exchangeIndex: 2,
    templates: [{ prefix: 'KXWTI', title: 'WTI crude oil price', frequency: 'daily', kind: 'range', tags: ['Oil'] }],
  },
  {
    name: 'Transportation', marketWeight: 1, activity: 0.3, feeType: 'flat', feeMult1000: 1000, exchangeIndex: 0,
    templates: [{ prefix: 'KXTSAPAX', title: 'TSA checkpoint travel numbers', frequency: 'daily', kind: 'ladder', tags: ['Travel'] }],
  },
];

export const EXOTICS = {
  name: 'Exotics',
  seriesPrefix: 'KXMVESPORTSMULTIGAMEEXTENDED',
  collection: 'KXMVESPORTSMULTIGAMEEXTENDED-R',
  feeType: 'quadratic_with_combo_maker_fees',
  exchangeIndex: 1,
};
